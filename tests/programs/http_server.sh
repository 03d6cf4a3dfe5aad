# python3 -m http.server under elfuse answers a host curl (needs sockets).
# Only python3 runs under elfuse; the port is chosen by the kernel.
#: requires: python3 curl
#: timeout: 40
#: compare: nostderr
$ELFUSE python3 -u -m http.server 0 --bind 127.0.0.1 > srv.out 2> srv.err &
pid=$!
i=0; port=
while [ $i -lt 150 ]; do
	port=$(sed -n 's/.* port \([0-9][0-9]*\) .*/\1/p' srv.out)
	[ -n "$port" ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1; i=$((i + 1))
done
echo "listening: $([ -n "$port" ] && echo yes || echo no)"
curl -sS --max-time 10 "http://127.0.0.1:$port/a.txt"; echo "curl status $?"
curl -sS --max-time 10 -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/nothere"
curl -sS --max-time 10 "http://127.0.0.1:$port/sub/" | grep -o 'href="[^"]*"' | sort
kill $pid; wait $pid; echo "server status $?"
grep -c '"GET /a.txt HTTP/1.1" 200' srv.err
