# asyncio: subprocesses (pidfd/SIGCHLD watcher, pipes in the event loop),
# a TCP echo server and client on 127.0.0.1, timers, run_in_executor.
#: requires: python3 /bin/echo
#: timeout: 20
python3 -c '
import asyncio, socket
async def echo(reader, writer):
    data = await reader.readline()
    writer.write(data.upper()); await writer.drain(); writer.close()
async def main():
    p = await asyncio.create_subprocess_exec("/bin/echo", "from", "child", stdout=asyncio.subprocess.PIPE)
    out, _ = await p.communicate()
    print("subprocess", out, p.returncode)
    srv = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(b"ping over tcp\n"); await w.drain()
    print("echo", await r.readline()); w.close()
    srv.close(); await srv.wait_closed()
    t = asyncio.get_running_loop().time()
    await asyncio.sleep(0.05)
    print("slept", asyncio.get_running_loop().time() - t >= 0.045)
    print("executor", await asyncio.get_running_loop().run_in_executor(None, sum, range(100)))
    a, b = socket.socketpair()
    a.sendall(b"pair"); print("socketpair", b.recv(10))
asyncio.run(main())
'
