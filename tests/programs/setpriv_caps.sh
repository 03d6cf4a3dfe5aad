# execve's capability rules for root (no file capabilities): permitted =
# bounding | inheritable | ambient, effective = permitted when euid is 0.
# setpriv drops the bounding and inheritable sets, then bash starts with no
# capabilities: no CAP_DAC_OVERRIDE, so a mode-000 file cannot be read.
#: requires: setpriv bash
#: root: root's capabilities are what the case drops
#: setup
echo secret > locked
chmod 000 locked
#: end
setpriv --bounding-set=-all --inh-caps=-all bash -c 'grep -E "^Cap(Prm|Eff|Bnd)" /proc/self/status; cat locked; echo "cat: $?"'
