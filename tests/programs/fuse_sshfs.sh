# sshfs (Debian, libfuse 3) over ssh to a native sshd on a loopback port:
# the daemon runs ssh as its child, both in the tree; files written through
# the mount land in the remote directory.
#: requires: sh sshfs ssh ssh-keygen /usr/sbin/sshd python3
#: root: mounts FUSE natively, runs sshd
#: file p.sh
sshfs -p $(cat port) -o IdentityFile=$PWD/userkey,StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,LogLevel=ERROR root@127.0.0.1:$PWD/remote mnt; echo "sshfs $?"
cat mnt/r; echo w > mnt/w; cat remote/w; mkdir mnt/d; ls mnt; rm -r mnt/w mnt/d; ls remote
stat -c '%n %s' mnt/r
umount mnt; echo "umount $?"
#: end
mkdir remote mnt; echo rdata > remote/r; mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f hostkey; ssh-keygen -q -t ed25519 -N '' -f userkey; cp userkey.pub authorized
python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' > port
printf 'Port %s\nListenAddress 127.0.0.1\nHostKey %s/hostkey\nAuthorizedKeysFile %s/authorized\nPasswordAuthentication no\nPermitRootLogin yes\nStrictModes no\nSubsystem sftp internal-sftp\nPidFile %s/sshd.pid\n' $(cat port) $PWD $PWD $PWD > sshd_config
/usr/sbin/sshd -f $PWD/sshd_config -E $PWD/sshd.log; i=0; while [ ! -s sshd.pid ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
$ELFUSE sh p.sh
kill $(cat sshd.pid)
