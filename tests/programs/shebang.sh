# Scripts started through #! lines: env looking python3 up in PATH, an
# interpreter with an argument, a script starting a script.
#: requires: sh python3 perl /usr/bin/env
#: file s.py 755
#!/usr/bin/env python3
import sys
print("python script", sys.argv[1:])
#: end
#: file s.pl 755
#!/usr/bin/perl -w
print "perl script @ARGV\n";
exec "./s.py", "from perl";
#: end
#: file s.sh 755
#!/bin/sh -e
echo "sh script $#: $*"
./s.pl one two
#: end
sh -c './s.sh x "y z"; echo "status $?"'
