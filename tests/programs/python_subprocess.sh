#: requires: python3 /bin/echo
python3 -c '
import subprocess, os
print(subprocess.run(["/bin/echo", "hello", "from echo"], capture_output=True, text=True).stdout, end="")
print(subprocess.check_output(["/bin/echo", "-n", "x"]))
r = subprocess.run("echo err >&2; exit 3", shell=True, capture_output=True, text=True)
print(r.returncode, repr(r.stderr))
p = subprocess.Popen(["sort"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
out, _ = p.communicate("b\nc\na\n")
print(repr(out), p.returncode)
try:
    subprocess.run(["/nonexistent/prog"])
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
pid = os.fork()
if pid == 0:
    os._exit(42)
print("child status", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
'
