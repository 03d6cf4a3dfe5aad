#: requires: perl
perl -e '
use strict; use warnings;
my %h; open(my $in, "<", "words.txt") or die "open: $!";
while (my $l = <$in>) { chomp $l; $h{lc $l}++; } close $in;
for my $k (sort { $h{$b} <=> $h{$a} || $a cmp $b } keys %h) { printf "%-12s %3d %5.2f%%\n", $k, $h{$k}, 100 * $h{$k} / 15; }
my $s = "2001-09-09 01:46:40 UTC"; if ($s =~ /^(\d+)-(\d+)-(\d+)\s+([\d:]+)/) { print "y=$1 m=$2 d=$3 t=$4\n"; }
(my $t = "hello world") =~ s/(\w+)/\u$1/g; print "$t\n";
my @parts = split /:/, "a:b::c"; print scalar(@parts), " parts: @parts\n";
open(my $out, ">", "perl.out") or die; print $out join(",", map { $_ * $_ } 1..10), "\n"; close $out;
open($in, "<", "perl.out") or die; my $line = <$in>; close $in; print "read back: $line";
my @st = stat("a.txt"); print "size $st[7] mtime $st[9]\n";
opendir(my $d, "sub") or die; print join(" ", sort grep { !/^\./ } readdir $d), "\n"; closedir $d;
print sprintf("%08.3f|%x|%o|%e|%s", 3.14159, 255, 8, 12345.678, "str"), "\n";
my $pid = open(my $p, "-|", "echo", "from child") or die; print "pipe: ", <$p>; close $p; print "child status $?\n";
print "unlink ", unlink("perl.out"), "\n"; print "time ok\n" if time > 1600000000;
local $@; eval { die "oops\n" }; print "caught $@";
'
