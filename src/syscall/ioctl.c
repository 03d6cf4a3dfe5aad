/* syscall/ioctl.c: ioctl: the tty and file requests elfuse knows, each argument marshalled; the rest -ENOTTY. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kernel/fdtable.h"
#include "syscall/fsio.h"
#include "syscall/net.h"

/* x86_64 request numbers (the guest ABI), spelled out rather than taken
 * from headers that need the kernel's termios structures. */
enum {
	K_TCGETS = 0x5401,
	K_TCSETS = 0x5402,
	K_TCSETSW = 0x5403,
	K_TCSETSF = 0x5404,
	K_TCGETA = 0x5405,
	K_TCSETA = 0x5406,
	K_TCSETAW = 0x5407,
	K_TCSETAF = 0x5408,
	K_TCSBRK = 0x5409,
	K_TCXONC = 0x540A,
	K_TCFLSH = 0x540B,
	K_TIOCEXCL = 0x540C,
	K_TIOCNXCL = 0x540D,
	K_TIOCSCTTY = 0x540E,
	K_TIOCGPGRP = 0x540F,
	K_TIOCSPGRP = 0x5410,
	K_TIOCOUTQ = 0x5411,
	K_TIOCSTI = 0x5412,
	K_TIOCGWINSZ = 0x5413,
	K_TIOCSWINSZ = 0x5414,
	K_TIOCMGET = 0x5415,
	K_TIOCMBIS = 0x5416,
	K_TIOCMBIC = 0x5417,
	K_TIOCMSET = 0x5418,
	K_TIOCGSOFTCAR = 0x5419,
	K_TIOCSSOFTCAR = 0x541A,
	K_FIONREAD = 0x541B, /* = TIOCINQ */
	K_TIOCPKT = 0x5420,
	K_FIONBIO = 0x5421,
	K_TIOCNOTTY = 0x5422,
	K_TIOCSETD = 0x5423,
	K_TIOCGETD = 0x5424,
	K_TCSBRKP = 0x5425,
	K_TIOCSBRK = 0x5427,
	K_TIOCCBRK = 0x5428,
	K_TIOCGSID = 0x5429,
	K_TCGETS2 = 0x802C542A,
	K_TCSETS2 = 0x402C542B,
	K_TCSETSW2 = 0x402C542C,
	K_TCSETSF2 = 0x402C542D,
	K_TIOCGPTN = 0x80045430,
	K_TIOCSPTLCK = 0x40045431,
	K_TIOCGDEV = 0x80045432,
	K_TIOCGPKT = 0x80045438,
	K_TIOCGPTLCK = 0x80045439,
	K_TIOCGEXCL = 0x80045440,
	K_TIOCGPTPEER = 0x5441,
	K_FIONCLEX = 0x5450,
	K_FIOCLEX = 0x5451,
	K_FIOASYNC = 0x5452,
	K_TIOCGLCKTRMIOS = 0x5456,
	K_TIOCSLCKTRMIOS = 0x5457,
	K_FIOQSIZE = 0x5460,
	/* files and block devices */
	K_FIGETBSZ = 0x2,
	K_BLKGETSIZE = 0x1260,
	K_BLKSSZGET = 0x1268,
	K_BLKBSZGET = 0x80081270,
	K_BLKGETSIZE64 = 0x80081272,
	K_FS_IOC_GETFLAGS = 0x80086601,
	K_FS_IOC_SETFLAGS = 0x40086602,
	K_FS_IOC_GETVERSION = 0x80087601,
	K_FS_IOC_SETVERSION = 0x40087602,
	K_FICLONE = 0x40049409,
	K_FICLONERANGE = 0x4020940D,
	/* /dev/vsock: the local context id, a u32 (_IO(7, 0xb9), no size bits) */
	K_VM_SOCKETS_GET_LOCAL_CID = 0x7B9,
};

/* Sizes of the kernel structures (not glibc's struct termios). */
#define KTERMIOS_SIZE 36  /* 4 flags, c_line, c_cc[19] */
#define KTERMIOS2_SIZE 44 /* + c_ispeed, c_ospeed */
#define KTERMIO_SIZE 18	  /* struct termio */

/* The host fills a buffer of `size` bytes, copied out to the guest. */
static long ioctl_out(struct thread *t, int fd, unsigned cmd, uint64_t arg, size_t size)
{
	uint8_t buf[64];
	memset(buf, 0, sizeof buf);
	long r = host_ret(ioctl(fd, cmd, buf));
	if (r < 0)
		return r;
	return guest_write(t_mm(t), arg, buf, size) < 0 ? -EFAULT : r;
}

/* The host reads `size` bytes from the guest. An unreadable argument is
 * handed over as the guard so the host still says ENOTTY for a fd that
 * does not know the request (Linux looks at the request before the memory). */
static long ioctl_in(struct thread *t, int fd, unsigned cmd, uint64_t arg, size_t size)
{
	uint8_t buf[64];
	if (guest_read(t_mm(t), arg, buf, size) < 0)
		return host_ret(ioctl(fd, cmd, fsio_guard()));
	return host_ret(ioctl(fd, cmd, buf));
}

SYSCALL_DEFINE(ioctl)
{
	int fd = arg_fd(a[0]);
	unsigned cmd = (unsigned)a[1];
	uint64_t arg = a[2];
	FSIO_CHECK_FD(t, fd);
	switch (cmd) {
	/* no argument, or an integer passed by value */
	case K_TCSBRK:
	case K_TCSBRKP:
	case K_TCXONC:
	case K_TCFLSH:
	case K_TIOCEXCL:
	case K_TIOCNXCL:
	case K_TIOCSCTTY:
	case K_TIOCNOTTY:
	case K_TIOCSBRK:
	case K_TIOCCBRK:
	case K_FIOCLEX:
	case K_FIONCLEX:
		return host_ret(ioctl(fd, cmd, (unsigned long)arg));

	/* an int (pid_t, unsigned) written back */
	case K_TIOCGPGRP:
	case K_TIOCGSID:
	case K_TIOCOUTQ:
	case K_FIONREAD:
	case K_TIOCMGET:
	case K_TIOCGSOFTCAR:
	case K_TIOCGETD:
	case K_TIOCGPTN:
	case K_TIOCGDEV:
	case K_TIOCGPKT:
	case K_TIOCGPTLCK:
	case K_TIOCGEXCL:
	case K_FIGETBSZ:
	case K_BLKSSZGET:
	case K_BLKBSZGET:
	case K_FS_IOC_GETFLAGS:
	case K_FS_IOC_GETVERSION:
	case K_VM_SOCKETS_GET_LOCAL_CID:
		return ioctl_out(t, fd, cmd, arg, 4);

	/* an int read from the guest */
	case K_TIOCSPGRP:
	case K_TIOCMBIS:
	case K_TIOCMBIC:
	case K_TIOCMSET:
	case K_TIOCSSOFTCAR:
	case K_TIOCPKT:
	case K_FIONBIO:
	case K_TIOCSETD:
	case K_TIOCSPTLCK:
	case K_FIOASYNC:
	case K_FS_IOC_SETFLAGS:
	case K_FS_IOC_SETVERSION:
		return ioctl_in(t, fd, cmd, arg, 4);

	case K_TIOCSTI:
		return ioctl_in(t, fd, cmd, arg, 1);

	/* 64-bit results */
	case K_FIOQSIZE:
	case K_BLKGETSIZE:
	case K_BLKGETSIZE64:
		return ioctl_out(t, fd, cmd, arg, 8);

	/* termios and window size */
	case K_TCGETS:
	case K_TIOCGLCKTRMIOS:
		return ioctl_out(t, fd, cmd, arg, KTERMIOS_SIZE);
	case K_TCSETS:
	case K_TCSETSW:
	case K_TCSETSF:
	case K_TIOCSLCKTRMIOS:
		return ioctl_in(t, fd, cmd, arg, KTERMIOS_SIZE);
	case K_TCGETS2:
		return ioctl_out(t, fd, cmd, arg, KTERMIOS2_SIZE);
	case K_TCSETS2:
	case K_TCSETSW2:
	case K_TCSETSF2:
		return ioctl_in(t, fd, cmd, arg, KTERMIOS2_SIZE);
	case K_TCGETA:
		return ioctl_out(t, fd, cmd, arg, KTERMIO_SIZE);
	case K_TCSETA:
	case K_TCSETAW:
	case K_TCSETAF:
		return ioctl_in(t, fd, cmd, arg, KTERMIO_SIZE);
	case K_TIOCGWINSZ:
		return ioctl_out(t, fd, cmd, arg, 8);
	case K_TIOCSWINSZ:
		return ioctl_in(t, fd, cmd, arg, 8);

	/* a new fd: the pty peer */
	case K_TIOCGPTPEER:
		return fd_result(t->proc, (int)host_ret(ioctl(fd, cmd, (unsigned long)arg)));

	/* fds inside the argument must be the guest's */
	case K_FICLONE: {
		int src = arg_fd(arg);
		FSIO_CHECK_FD(t, src);
		return host_ret(ioctl(fd, cmd, (unsigned long)src));
	}
	case K_FICLONERANGE: {
		struct {
			int64_t src_fd;
			uint64_t src_offset, src_length, dest_offset;
		} fcr;
		if (guest_read(t_mm(t), arg, &fcr, sizeof fcr) < 0)
			return -EFAULT;
		FSIO_CHECK_FD(t, (int)fcr.src_fd);
		return host_ret(ioctl(fd, cmd, &fcr));
	}

	default:
		/* Socket requests (read-only ones pass through); anything else gets
		 * Linux's answer for an unimplemented request: never passed blindly. */
		return net_ioctl(t, fd, cmd, arg);
	}
}
