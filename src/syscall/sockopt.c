/* syscall/sockopt.c: socket options (setsockopt, getsockopt) and socket ioctls (net_ioctl). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syscall/fsio.h"
#include "syscall/net.h"

#define OPT_MAX (256 << 10) /* option buffers beyond this are cut to it */

#ifndef SO_ATTACH_BPF
#define SO_ATTACH_BPF 50
#endif
#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif
#ifndef SO_ATTACH_REUSEPORT_EBPF
#define SO_ATTACH_REUSEPORT_EBPF 52
#endif
#ifndef IPPROTO_TCP
#define IPPROTO_TCP 6
#endif
#define K_TCP_ZEROCOPY_RECEIVE 35
#define K_SIOCGIWNAME 0x8B01

/* x86_64 struct sock_fprog: a length and a pointer to the filter array. */
struct k_fprog {
	uint16_t len;
	uint16_t pad[3];
	uint64_t filter;
};

/* Classic BPF filters: the program array is guest memory behind a pointer. */
static long set_filter(struct thread *t, int fd, int level, int name, uint64_t optval, int optlen)
{
	struct k_fprog gp;
	if (optlen != (int)sizeof gp)
		return host_ret(setsockopt(fd, level, name, NULL, (socklen_t)optlen));
	if (guest_read(t_mm(t), optval, &gp, sizeof gp) < 0)
		return host_ret(setsockopt(fd, level, name, FSIO_KERNEL_PTR, (socklen_t)optlen));
	struct sock_fprog hp;
	hp.len = gp.len;
	hp.filter = NULL;
	struct sock_filter *buf = NULL;
	if (gp.filter && gp.len && gp.len <= BPF_MAXINSNS) {
		buf = malloc(gp.len * sizeof *buf);
		if (!buf)
			return -ENOMEM;
		hp.filter = guest_read(t_mm(t), gp.filter, buf, gp.len * sizeof *buf) < 0 ? FSIO_KERNEL_PTR : buf;
	}
	long r = host_ret(setsockopt(fd, level, name, &hp, sizeof hp));
	free(buf);
	return r;
}

SYSCALL_DEFINE(setsockopt)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int level = (int)a[1], name = (int)a[2];
	int optlen = (int)a[4];
	if (optlen < 0)
		return host_ret(setsockopt(fd, level, name, NULL, (socklen_t)optlen));
	if (level == SOL_SOCKET && (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF))
		return set_filter(t, fd, level, name, a[3], optlen);
	size_t len = (size_t)optlen > OPT_MAX ? OPT_MAX : (size_t)optlen;
	char small[256];
	char *buf = len <= sizeof small ? small : malloc(len);
	if (!buf)
		return -ENOMEM;
	void *p = buf;
	if (!a[3] && len)
		p = NULL;
	else if (len && guest_read(t_mm(t), a[3], buf, len) < 0)
		p = FSIO_KERNEL_PTR;
	long r;
	if (p == buf && level == SOL_SOCKET && (name == SO_ATTACH_BPF || name == SO_ATTACH_REUSEPORT_EBPF) &&
	    len >= sizeof(int)) {
		/* a BPF program fd: it must be the guest's */
		int pfd;
		memcpy(&pfd, buf, sizeof pfd);
		if (fd_check(t->proc, pfd)) {
			r = -EBADF;
			goto out;
		}
	}
	r = host_ret(setsockopt(fd, level, name, p, (socklen_t)len));
out:
	if (buf != small)
		free(buf);
	return r;
}

SYSCALL_DEFINE(getsockopt)
{
	int fd = arg_fd(a[0]);
	FSIO_CHECK_FD(t, fd);
	int level = (int)a[1], name = (int)a[2];
	/* Its buffer holds guest addresses for the kernel to map into. */
	if (level == IPPROTO_TCP && name == K_TCP_ZEROCOPY_RECEIVE)
		return -EOPNOTSUPP;
	int32_t glen;
	/* The raw syscall: a sanitizer's getsockopt wrapper would read the
	 * unmapped length itself before the kernel can answer. */
	if (guest_read(t_mm(t), a[4], &glen, sizeof glen) < 0)
		return host_ret(syscall(SYS_getsockopt, fd, level, name, NULL, FSIO_KERNEL_PTR));
	socklen_t len = glen < 0 ? (socklen_t)glen : (socklen_t)glen > OPT_MAX ? OPT_MAX : (socklen_t)glen;
	if (glen < 0)
		return host_ret(getsockopt(fd, level, name, NULL, &len));
	char small[256];
	char *buf = len <= sizeof small ? small : calloc(1, len);
	if (!buf)
		return -ENOMEM;
	socklen_t given = len;
	long r = host_ret(getsockopt(fd, level, name, buf, &len));
	if (r == 0) {
		size_t out = len < given ? len : given;
		if ((out && guest_write(t_mm(t), a[3], buf, out) < 0))
			r = -EFAULT;
		else {
			int32_t nl = (int32_t)len;
			if (guest_write(t_mm(t), a[4], &nl, sizeof nl) < 0)
				r = -EFAULT;
		}
	}
	if (buf != small)
		free(buf);
	return r;
}

/* ---- socket ioctls ---- */

/* x86_64 struct ifconf: a length and a pointer to the ifreq array. */
struct k_ifconf {
	int32_t len;
	int32_t pad;
	uint64_t buf;
};

static long ioctl_inout(struct thread *t, int fd, unsigned long cmd, uint64_t arg, size_t size)
{
	char buf[128];
	if (guest_read(t_mm(t), arg, buf, size) < 0)
		return -EFAULT;
	long r = host_ret(ioctl(fd, cmd, buf));
	if (r >= 0 && guest_write(t_mm(t), arg, buf, size) < 0)
		return -EFAULT;
	return r;
}

static long ioctl_outonly(struct thread *t, int fd, unsigned long cmd, uint64_t arg, size_t size)
{
	char buf[128];
	memset(buf, 0, sizeof buf);
	long r = host_ret(ioctl(fd, cmd, buf));
	if (r >= 0 && guest_write(t_mm(t), arg, buf, size) < 0)
		return -EFAULT;
	return r;
}

static long ioctl_ifconf(struct thread *t, int fd, uint64_t arg)
{
	struct k_ifconf gc;
	if (guest_read(t_mm(t), arg, &gc, sizeof gc) < 0)
		return -EFAULT;
	struct ifconf hc;
	char *buf = NULL;
	hc.ifc_len = gc.len;
	hc.ifc_buf = NULL;
	if (gc.buf) {
		if (gc.len < 0)
			return -EINVAL;
		if (gc.len > OPT_MAX)
			hc.ifc_len = gc.len = OPT_MAX;
		buf = calloc(1, (size_t)gc.len + 1);
		if (!buf)
			return -ENOMEM;
		hc.ifc_buf = buf;
	}
	long r = host_ret(ioctl(fd, SIOCGIFCONF, &hc));
	if (r >= 0) {
		if (buf && hc.ifc_len > 0 && guest_write(t_mm(t), gc.buf, buf, (size_t)hc.ifc_len) < 0)
			r = -EFAULT;
		int32_t nl = hc.ifc_len;
		if (r >= 0 && guest_write(t_mm(t), arg, &nl, sizeof nl) < 0)
			r = -EFAULT;
	}
	free(buf);
	return r;
}

static int is_socket(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode);
}

long net_ioctl(struct thread *t, int fd, unsigned long cmd, uint64_t arg)
{
	if (fd_check(t->proc, fd))
		return -EBADF;
	switch (cmd) {
	case SIOCGIFCONF:
		return ioctl_ifconf(t, fd, arg);
	/* struct ifreq in, results in the same struct */
	case SIOCGIFNAME:
	case SIOCGIFFLAGS:
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFINDEX:
	case SIOCGIFPFLAGS:
	case SIOCGIFTXQLEN:
	case SIOCGIFMAP:
		return ioctl_inout(t, fd, cmd, arg, sizeof(struct ifreq));
	case K_SIOCGIWNAME: /* struct iwreq: name and a 16-byte union */
		return ioctl_inout(t, fd, cmd, arg, 32);
	case SIOCGARP: /* struct arpreq */
		return ioctl_inout(t, fd, cmd, arg, 68);
	case SIOCGSTAMP:
	case SIOCGSTAMPNS:
		return ioctl_outonly(t, fd, cmd, arg, 16);
	case SIOCATMARK:
	case SIOCOUTQNSD:
	case SIOCGPGRP:
		return ioctl_outonly(t, fd, cmd, arg, sizeof(int));
	case SIOCSPGRP: { /* the socket's owner for SIGIO: not host networking */
		int v;
		if (guest_read(t_mm(t), arg, &v, sizeof v) < 0)
			return -EFAULT;
		return host_ret(ioctl(fd, cmd, &v));
	}
	default:
		break;
	}
	/* The rest of the socket ranges (interface, routing, ARP, bridge,
	 * VLAN, bonding, private, wireless) configure or could configure host
	 * networking, or carry pointers elfuse does not translate. */
	if ((cmd >= 0x8900 && cmd <= 0x89ff) || (cmd >= 0x8b00 && cmd <= 0x8bff)) {
		if (!is_socket(fd))
			return -ENOTTY;
		/* wireless GETs have odd numbers: behave as a device without wireless extensions */
		if (cmd >= 0x8b00 && (cmd & 1))
			return -EOPNOTSUPP;
		return -EPERM;
	}
	return -ENOTTY;
}
