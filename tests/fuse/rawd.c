// rawd: a hostile FUSE daemon speaking the raw /dev/fuse protocol (no libfuse).
//
// usage: rawd [options] MOUNTPOINT
// It opens /dev/fuse, mounts MOUNTPOINT with
//   mount("rawd", MNT, "fuse.rawd", 0, "fd=N,rootmode=40000,user_id=0,group_id=0")
// and serves, in the foreground, a tiny tree:
//   /      directory (nodeid 1)
//   /f     regular file, contents "hello from rawd\n" (nodeid 2)
//   /d     directory, empty (nodeid 3)
//   /l     symlink -> "f" (nodeid 4)
//   /big   regular file, 1 MiB of a known pattern (nodeid 5)
// Any other name gets ENOENT. It exits 0 when /dev/fuse reports ENODEV
// (unmounted), after printing what the options ask for on stdout.
//
// options:
//   -R FILE     create FILE once mount(2) has returned (ready marker)
//   -M FILE     create FILE when a request is stalled (stall marker)
//   -s OP[:NAME] stall the first request of opcode OP (LOOKUP may name the
//               looked-up NAME); the stall ends after -S ms (then the request
//               is answered normally) or on INTERRUPT (see -i)
//   -S MS       stall duration in ms (default 2000; -1 = forever)
//   -i MODE     how to answer an INTERRUPT for the stalled request:
//                 eintr   (default) reply -EINTR to the stalled request
//                 ignore  do nothing, the stall runs to its end
//                 enosys  reply -ENOSYS to the INTERRUPT (no more interrupts)
//                 eagain  reply -EAGAIN to the INTERRUPT (the kernel requeues it)
//                 data    reply to the INTERRUPT with a 16-byte payload (EINVAL)
//                 late    like ignore, but reply to the stalled request at once
//                         with a success (late reply to a detached request)
//   -x MODE:OP  misbehave on the first request of opcode OP:
//                 wrongunique  reply with unique+1000 (ENOENT), then correctly
//                 dup          reply correctly, then the same reply again (ENOENT)
//                 badlen       header len != written length (EINVAL), then correctly
//                 shorthdr     write only 8 bytes (EINVAL), then correctly
//                 poserr       error = +5 (EINVAL), then correctly
//                 bigerr       error = -600 (EINVAL), then correctly
//                 errpayload   error = -EIO with 16 payload bytes (EINVAL; caller EIO)
//                 shortentry   entry reply 8 bytes short (EINVAL; caller EIO)
//                 longread     READ reply of size+4096 bytes (EINVAL; caller EIO)
//                 longattr     attr reply 8 bytes too long (EINVAL; caller EIO)
//               The result of each hostile write is printed: "xwrite MODE: ERR".
//   -I MODE     INIT reply: ok (default), error (-EPROTO), major8 (major = 8)
//   -c          at exit, print per-node reference balance (lookups granted by
//               entry replies minus FORGET/BATCH_FORGET nlookup) and totals
//   -C          at exit, print raw LOOKUP-reply / FORGET counts per node too
//   -T SEC      entry and attribute timeouts of every reply (default 0:
//               nothing may be cached); with it, a LOOKUP of d/inval (an
//               ENOENT) first sends NOTIFY_INVAL_ENTRY for /f and prints
//               "inval f: ERR" (the notify write's result)
//   -L          at exit, print how many LOOKUPs each node was answered by
//   -F          each FLUSH prints "flush NAME" (its node's name), as it comes
//   -v          log every request on stderr
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define NNODES 6
static const char *node_name[NNODES] = {"", "/", "f", "d", "l", "big"};
static const char file_data[] = "hello from rawd\n";
#define BIG_SIZE (1 << 20)

static int fd = -1;
static int verbose, print_counts, print_raw;
static const char *ready_file, *stall_marker;
static int stall_op = -1;
static char stall_name[256];
static long stall_ms = 2000;
static const char *int_mode = "eintr";
static const char *x_mode;
static int x_op = -1;
static const char *init_mode = "ok";

static long long granted[NNODES], forgotten[NNODES];
static long long nlookup_replies[NNODES], nforget_msgs[NNODES];
static long timeout_s;
static int print_lookups, print_flush;
static int interrupts_seen, interrupts_matched;

// The stalled request, if any.
static struct {
	int active;
	uint64_t unique;
	int opcode;
	uint64_t nodeid;
	char name[256];
	struct timespec deadline;
	int forever;
	int reply_on_deadline;
} st;

static const struct {
	const char *name;
	int op;
} ops[] = {
	{"LOOKUP", FUSE_LOOKUP}, {"FORGET", FUSE_FORGET}, {"GETATTR", FUSE_GETATTR},
	{"SETATTR", FUSE_SETATTR}, {"READLINK", FUSE_READLINK}, {"SYMLINK", FUSE_SYMLINK},
	{"MKNOD", FUSE_MKNOD}, {"MKDIR", FUSE_MKDIR}, {"UNLINK", FUSE_UNLINK},
	{"RMDIR", FUSE_RMDIR}, {"RENAME", FUSE_RENAME}, {"LINK", FUSE_LINK},
	{"OPEN", FUSE_OPEN}, {"READ", FUSE_READ}, {"WRITE", FUSE_WRITE},
	{"STATFS", FUSE_STATFS}, {"RELEASE", FUSE_RELEASE}, {"FSYNC", FUSE_FSYNC},
	{"SETXATTR", FUSE_SETXATTR}, {"GETXATTR", FUSE_GETXATTR},
	{"LISTXATTR", FUSE_LISTXATTR}, {"REMOVEXATTR", FUSE_REMOVEXATTR},
	{"FLUSH", FUSE_FLUSH}, {"INIT", FUSE_INIT}, {"OPENDIR", FUSE_OPENDIR},
	{"READDIR", FUSE_READDIR}, {"RELEASEDIR", FUSE_RELEASEDIR},
	{"FSYNCDIR", FUSE_FSYNCDIR}, {"ACCESS", FUSE_ACCESS}, {"CREATE", FUSE_CREATE},
	{"INTERRUPT", FUSE_INTERRUPT}, {"DESTROY", FUSE_DESTROY},
	{"BATCH_FORGET", FUSE_BATCH_FORGET}, {"READDIRPLUS", FUSE_READDIRPLUS},
	{"RENAME2", FUSE_RENAME2}, {"LSEEK", FUSE_LSEEK}, {"STATX", 52},
};

static const char *opname(int op)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].op == op)
			return ops[i].name;
	return "?";
}

static int opnum(const char *s)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(ops[i].name, s))
			return ops[i].op;
	fprintf(stderr, "rawd: unknown opcode %s\n", s);
	exit(2);
}

static const char *ename(int e)
{
	switch (e) {
	case 0: return "ok";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case ENODEV: return "ENODEV";
	case EIO: return "EIO";
	case EPERM: return "EPERM";
	case EAGAIN: return "EAGAIN";
	case EFAULT: return "EFAULT";
	case ENOTCONN: return "ENOTCONN";
	default: {
		static char b[32];
		snprintf(b, sizeof b, "errno%d", e);
		return b;
	}
	}
}

static void out(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static void touch(const char *p)
{
	int f = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (f >= 0)
		close(f);
}

// Raw write of a reply; returns 0 or errno.
static int send_raw(const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);
	if (n < 0)
		return errno;
	return n == (ssize_t)len ? 0 : EMSGSIZE;
}

static int send_reply(uint64_t unique, int error, const void *data, size_t len)
{
	struct fuse_out_header oh = {.len = sizeof oh + len, .error = error, .unique = unique};
	struct iovec iov[2] = {{&oh, sizeof oh}, {(void *)data, len}};
	ssize_t n = writev(fd, iov, len ? 2 : 1);
	if (n < 0) {
		int e = errno;
		if (verbose)
			fprintf(stderr, "rawd: reply %llu: %s\n", (unsigned long long)unique, ename(e));
		return e;
	}
	return 0;
}

static void fill_attr(uint64_t nodeid, struct fuse_attr *a)
{
	memset(a, 0, sizeof *a);
	a->ino = nodeid;
	a->atime = a->mtime = a->ctime = 1000000000;
	a->blksize = 4096;
	switch (nodeid) {
	case 1: a->mode = S_IFDIR | 0755; a->nlink = 3; break;
	case 2: a->mode = S_IFREG | 0644; a->nlink = 1; a->size = sizeof file_data - 1; break;
	case 3: a->mode = S_IFDIR | 0755; a->nlink = 2; break;
	case 4: a->mode = S_IFLNK | 0777; a->nlink = 1; a->size = 1; break;
	case 5: a->mode = S_IFREG | 0644; a->nlink = 1; a->size = BIG_SIZE; break;
	}
	a->blocks = (a->size + 511) / 512;
}

static int lookup_name(uint64_t parent, const char *name)
{
	if (parent != 1)
		return 0;
	for (int i = 2; i < NNODES; i++)
		if (!strcmp(node_name[i], name))
			return i;
	return 0;
}

static unsigned char big_byte(uint64_t off)
{
	return (unsigned char)((off * 7 + (off >> 12) * 13) & 0xff);
}

// Misbehave once if this request is the -x target. Returns 1 if the request
// has been completely handled (no correct reply must follow).
static int x_done;
static int misbehave(struct fuse_in_header *ih, const void *good, size_t goodlen, int good_err)
{
	if (x_done || !x_mode || ih->opcode != (uint32_t)x_op)
		return 0;
	x_done = 1;
	char buf[sizeof(struct fuse_out_header) + 8192 + (1 << 17)];
	struct fuse_out_header *oh = (void *)buf;
	int e;
	if (!strcmp(x_mode, "wrongunique")) {
		e = send_reply(ih->unique + 1000 * 2, good_err, good, goodlen);
		out("xwrite wrongunique: %s\n", ename(e));
		return 0;
	}
	if (!strcmp(x_mode, "dup")) {
		e = send_reply(ih->unique, good_err, good, goodlen);
		out("xwrite dup first: %s\n", ename(e));
		e = send_reply(ih->unique, good_err, good, goodlen);
		out("xwrite dup second: %s\n", ename(e));
		return 1;
	}
	if (!strcmp(x_mode, "badlen")) {
		oh->len = sizeof *oh + goodlen + 8;
		oh->error = good_err;
		oh->unique = ih->unique;
		memcpy(oh + 1, good, goodlen);
		e = send_raw(buf, sizeof *oh + goodlen);
		out("xwrite badlen: %s\n", ename(e));
		return 0;
	}
	if (!strcmp(x_mode, "shorthdr")) {
		oh->len = 8;
		oh->error = 0;
		oh->unique = ih->unique;
		e = send_raw(buf, 8);
		out("xwrite shorthdr: %s\n", ename(e));
		return 0;
	}
	if (!strcmp(x_mode, "poserr")) {
		e = send_reply(ih->unique, 5, NULL, 0);
		out("xwrite poserr: %s\n", ename(e));
		return 0;
	}
	if (!strcmp(x_mode, "bigerr")) {
		e = send_reply(ih->unique, -600, NULL, 0);
		out("xwrite bigerr: %s\n", ename(e));
		return 0;
	}
	if (!strcmp(x_mode, "errpayload")) {
		char pay[16] = "payload-payload";
		e = send_reply(ih->unique, -EIO, pay, sizeof pay);
		out("xwrite errpayload: %s\n", ename(e));
		return 1;
	}
	if (!strcmp(x_mode, "shortentry") || !strcmp(x_mode, "longattr")) {
		int shorter = !strcmp(x_mode, "shortentry");
		size_t n = shorter ? goodlen - 8 : goodlen + 8;
		memset(buf, 0, sizeof buf);
		memcpy(buf, good, goodlen);
		e = send_reply(ih->unique, 0, buf, n);
		out("xwrite %s: %s\n", x_mode, ename(e));
		return 1;
	}
	if (!strcmp(x_mode, "longread")) {
		static char big[(1 << 17) + 4096];
		memset(big, 'X', sizeof big);
		struct fuse_read_in *ri = (void *)(ih + 1);
		size_t n = ri->size + 4096;
		if (n > sizeof big)
			n = sizeof big;
		e = send_reply(ih->unique, 0, big, n);
		out("xwrite longread: %s\n", ename(e));
		return 1;
	}
	fprintf(stderr, "rawd: unknown -x mode %s\n", x_mode);
	exit(2);
}

static void reply(struct fuse_in_header *ih, int err, const void *data, size_t len)
{
	if (misbehave(ih, data, len, err))
		return;
	send_reply(ih->unique, err, err ? NULL : data, err ? 0 : len);
}

static void reply_entry(struct fuse_in_header *ih, int node)
{
	struct fuse_entry_out eo;
	memset(&eo, 0, sizeof eo);
	eo.nodeid = node;
	eo.generation = 1;
	fill_attr(node, &eo.attr);
	// Zero timeouts (unless -T): nothing is cached, every access asks again.
	eo.entry_valid = eo.attr_valid = (uint64_t)timeout_s;
	int x = !x_done && x_mode && ih->opcode == (uint32_t)x_op;
	reply(ih, 0, &eo, sizeof eo);
	// A malformed entry reply grants no reference (the caller got EIO).
	if (!(x && (!strcmp(x_mode, "shortentry") || !strcmp(x_mode, "errpayload") ||
		    !strcmp(x_mode, "longattr")))) {
		granted[node]++;
		nlookup_replies[node]++;
	}
}

static void handle(struct fuse_in_header *ih, size_t n);

static void answer_normally(struct fuse_in_header *ih, size_t n)
{
	handle(ih, n);
}

static char stall_copy[1 << 16];

static int is_stall_target(struct fuse_in_header *ih)
{
	if (st.active || stall_op < 0 || ih->opcode != (uint32_t)stall_op)
		return 0;
	if (stall_op == FUSE_LOOKUP && stall_name[0] && strcmp((char *)(ih + 1), stall_name))
		return 0;
	return 1;
}

static void start_stall(struct fuse_in_header *ih, size_t n)
{
	st.active = 1;
	st.unique = ih->unique;
	st.opcode = ih->opcode;
	st.nodeid = ih->nodeid;
	memcpy(stall_copy, ih, n < sizeof stall_copy ? n : sizeof stall_copy);
	clock_gettime(CLOCK_MONOTONIC, &st.deadline);
	st.forever = stall_ms < 0;
	if (!st.forever) {
		st.deadline.tv_sec += stall_ms / 1000;
		st.deadline.tv_nsec += (stall_ms % 1000) * 1000000;
		if (st.deadline.tv_nsec >= 1000000000) {
			st.deadline.tv_sec++;
			st.deadline.tv_nsec -= 1000000000;
		}
	}
	stall_op = -1; // only once
	if (stall_marker)
		touch(stall_marker);
	if (verbose)
		fprintf(stderr, "rawd: stalling %s unique %llu\n", opname(ih->opcode),
			(unsigned long long)ih->unique);
}

static void end_stall_normally(void)
{
	struct fuse_in_header *ih = (void *)stall_copy;
	st.active = 0;
	answer_normally(ih, ih->len);
}

static void handle_interrupt(struct fuse_in_header *ih)
{
	struct fuse_interrupt_in *ii = (void *)(ih + 1);
	interrupts_seen++;
	int match = st.active && ii->unique == st.unique && ih->unique == (st.unique | 1);
	if (match)
		interrupts_matched++;
	if (verbose)
		fprintf(stderr, "rawd: INTERRUPT unique %llu for %llu (%s)\n",
			(unsigned long long)ih->unique, (unsigned long long)ii->unique,
			match ? "stalled" : "other");
	if (!match)
		return;
	if (!strcmp(int_mode, "eintr")) {
		st.active = 0;
		int e = send_reply(st.unique, -EINTR, NULL, 0);
		out("reply EINTR to interrupted: %s\n", ename(e));
	} else if (!strcmp(int_mode, "enosys")) {
		int e = send_reply(ih->unique, -ENOSYS, NULL, 0);
		out("interrupt reply ENOSYS: %s\n", ename(e));
	} else if (!strcmp(int_mode, "eagain")) {
		int e = send_reply(ih->unique, -EAGAIN, NULL, 0);
		if (interrupts_seen > 1) {
			// Second time round: now end the request.
			st.active = 0;
			send_reply(st.unique, -EINTR, NULL, 0);
		}
		out("interrupt reply EAGAIN: %s\n", ename(e));
	} else if (!strcmp(int_mode, "data")) {
		char pay[16] = "interrupt-data";
		int e = send_reply(ih->unique, 0, pay, sizeof pay);
		out("interrupt reply with data: %s\n", ename(e));
		st.active = 0;
		send_reply(st.unique, -EINTR, NULL, 0);
	} else if (!strcmp(int_mode, "late")) {
		end_stall_normally();
		out("late reply sent\n");
	}
	// ignore: nothing
}

static void handle(struct fuse_in_header *ih, size_t n)
{
	void *arg = ih + 1;
	uint64_t node = ih->nodeid;
	if (verbose)
		fprintf(stderr, "rawd: %s unique %llu node %llu len %zu\n", opname(ih->opcode),
			(unsigned long long)ih->unique, (unsigned long long)node, n);
	if (ih->opcode != FUSE_INIT && ih->opcode != FUSE_INTERRUPT && ih->opcode != FUSE_FORGET &&
	    ih->opcode != FUSE_BATCH_FORGET && is_stall_target(ih)) {
		start_stall(ih, n);
		return;
	}
	switch (ih->opcode) {
	case FUSE_INIT: {
		struct fuse_init_in *ii = arg;
		struct fuse_init_out io;
		memset(&io, 0, sizeof io);
		io.major = FUSE_KERNEL_VERSION;
		io.minor = ii->minor < FUSE_KERNEL_MINOR_VERSION ? ii->minor : FUSE_KERNEL_MINOR_VERSION;
		io.max_readahead = ii->max_readahead;
		io.max_write = 65536;
		io.max_background = 16;
		io.congestion_threshold = 12;
		io.time_gran = 1;
		if (!strcmp(init_mode, "error")) {
			int e = send_reply(ih->unique, -EPROTO, NULL, 0);
			out("init error reply: %s\n", ename(e));
			return;
		}
		if (!strcmp(init_mode, "major8")) {
			io.major = 8;
			int e = send_reply(ih->unique, 0, &io, sizeof io);
			out("init major8 reply: %s\n", ename(e));
			return;
		}
		reply(ih, 0, &io, sizeof io);
		return;
	}
	case FUSE_DESTROY:
		reply(ih, 0, NULL, 0);
		return;
	case FUSE_INTERRUPT:
		handle_interrupt(ih);
		return;
	case FUSE_FORGET: {
		struct fuse_forget_in *fi = arg;
		if (node < NNODES) {
			forgotten[node] += fi->nlookup;
			nforget_msgs[node]++;
		}
		return;
	}
	case FUSE_BATCH_FORGET: {
		struct fuse_batch_forget_in *bi = arg;
		struct fuse_forget_one *fo = (void *)(bi + 1);
		for (uint32_t i = 0; i < bi->count; i++)
			if (fo[i].nodeid < NNODES) {
				forgotten[fo[i].nodeid] += fo[i].nlookup;
				nforget_msgs[fo[i].nodeid]++;
			}
		return;
	}
	case FUSE_LOOKUP: {
		if (timeout_s && node == 3 && !strcmp((char *)arg, "inval")) {
			// From a lookup in d, not in / (Linux locks the parent).
			struct {
				struct fuse_out_header h;
				struct fuse_notify_inval_entry_out o;
				char name[2];
			} nm;
			memset(&nm, 0, sizeof nm);
			// Exactly header + out + "f\0": Linux checks the size.
			size_t len = offsetof(__typeof__(nm), name) + 2;
			nm.h.len = (uint32_t)len;
			nm.h.error = FUSE_NOTIFY_INVAL_ENTRY;
			nm.o.parent = 1;
			nm.o.namelen = 1;
			memcpy(nm.name, "f", 2);
			ssize_t w = write(fd, &nm, len);
			out("inval f: %s\n", ename(w < 0 ? errno : 0));
		}
		int nd = lookup_name(node, (char *)arg);
		if (!nd) {
			reply(ih, -ENOENT, NULL, 0);
			return;
		}
		reply_entry(ih, nd);
		return;
	}
	case FUSE_GETATTR:
	case FUSE_SETATTR: {
		if (node >= NNODES || node == 0) {
			reply(ih, -ENOENT, NULL, 0);
			return;
		}
		if (ih->opcode == FUSE_SETATTR) {
			reply(ih, -EROFS, NULL, 0);
			return;
		}
		struct fuse_attr_out ao;
		memset(&ao, 0, sizeof ao);
		fill_attr(node, &ao.attr);
		ao.attr_valid = (uint64_t)timeout_s;
		reply(ih, 0, &ao, sizeof ao);
		return;
	}
	case FUSE_READLINK:
		if (node == 4)
			reply(ih, 0, "f", 1);
		else
			reply(ih, -EINVAL, NULL, 0);
		return;
	case FUSE_OPEN:
	case FUSE_OPENDIR: {
		struct fuse_open_out oo;
		memset(&oo, 0, sizeof oo);
		oo.fh = 100 + node;
		// No page cache for the over-long READ test: the kernel then asks
		// for exactly what the caller reads.
		if (x_mode && !strcmp(x_mode, "longread"))
			oo.open_flags = FOPEN_DIRECT_IO;
		reply(ih, 0, &oo, sizeof oo);
		return;
	}
	case FUSE_READ: {
		struct fuse_read_in *ri = arg;
		static char buf[1 << 17];
		size_t sz = ri->size < sizeof buf ? ri->size : sizeof buf;
		size_t len = 0;
		if (node == 2) {
			size_t fl = sizeof file_data - 1;
			if (ri->offset < fl) {
				len = fl - ri->offset;
				if (len > sz)
					len = sz;
				memcpy(buf, file_data + ri->offset, len);
			}
		} else if (node == 5) {
			if (ri->offset < BIG_SIZE) {
				len = BIG_SIZE - ri->offset;
				if (len > sz)
					len = sz;
				for (size_t i = 0; i < len; i++)
					buf[i] = big_byte(ri->offset + i);
			}
		}
		reply(ih, 0, buf, len);
		return;
	}
	case FUSE_READDIR: {
		struct fuse_read_in *ri = arg;
		static char buf[1 << 16];
		size_t used = 0, sz = ri->size < sizeof buf ? ri->size : sizeof buf;
		if (node == 1) {
			// entries: . .. f d l big with offsets 1..6
			static const char *names[] = {".", "..", "f", "d", "l", "big"};
			static const int inos[] = {1, 1, 2, 3, 4, 5};
			static const int types[] = {4, 4, 8, 4, 10, 8};
			for (uint64_t i = ri->offset; i < 6; i++) {
				size_t nl = strlen(names[i]);
				size_t rl = FUSE_DIRENT_ALIGN(FUSE_NAME_OFFSET + nl);
				if (used + rl > sz)
					break;
				struct fuse_dirent *d = (void *)(buf + used);
				memset(d, 0, rl);
				d->ino = inos[i];
				d->off = i + 1;
				d->namelen = nl;
				d->type = types[i];
				memcpy(d->name, names[i], nl);
				used += rl;
			}
		} else if (node == 3) {
			static const char *names[] = {".", ".."};
			for (uint64_t i = ri->offset; i < 2; i++) {
				size_t nl = strlen(names[i]);
				size_t rl = FUSE_DIRENT_ALIGN(FUSE_NAME_OFFSET + nl);
				if (used + rl > sz)
					break;
				struct fuse_dirent *d = (void *)(buf + used);
				memset(d, 0, rl);
				d->ino = i ? 1 : 3;
				d->off = i + 1;
				d->namelen = nl;
				d->type = 4;
				memcpy(d->name, names[i], nl);
				used += rl;
			}
		}
		reply(ih, 0, buf, used);
		return;
	}
	case FUSE_FLUSH:
		if (print_flush)
			out("flush %s\n", node < NNODES ? node_name[node] : "?");
		reply(ih, 0, NULL, 0);
		return;
	case FUSE_RELEASE:
	case FUSE_RELEASEDIR:
	case FUSE_FSYNC:
	case FUSE_FSYNCDIR:
		reply(ih, 0, NULL, 0);
		return;
	case FUSE_STATFS: {
		struct fuse_statfs_out so;
		memset(&so, 0, sizeof so);
		so.st.blocks = 1000;
		so.st.bfree = 500;
		so.st.bavail = 500;
		so.st.files = 10;
		so.st.ffree = 5;
		so.st.bsize = 4096;
		so.st.frsize = 4096;
		so.st.namelen = 255;
		reply(ih, 0, &so, sizeof so);
		return;
	}
	case FUSE_MKDIR:
	case FUSE_MKNOD:
	case FUSE_CREATE:
	case FUSE_SYMLINK:
	case FUSE_LINK:
	case FUSE_UNLINK:
	case FUSE_RMDIR:
	case FUSE_RENAME:
	case FUSE_RENAME2:
	case FUSE_WRITE:
		reply(ih, -EROFS, NULL, 0);
		return;
	default:
		reply(ih, -ENOSYS, NULL, 0);
		return;
	}
}

static long ms_until(struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}

static void finish(int status)
{
	if (print_lookups)
		for (int i = 2; i < NNODES; i++)
			out("lookups %s: %lld\n", node_name[i], nlookup_replies[i]);
	if (print_counts) {
		long long tg = 0, tf = 0;
		for (int i = 2; i < NNODES; i++) {
			tg += granted[i];
			tf += forgotten[i];
			if (print_raw)
				out("node %s: lookups %lld forget-nlookup %lld\n", node_name[i], granted[i],
				    forgotten[i]);
			out("balance %s: %lld\n", node_name[i], granted[i] - forgotten[i]);
		}
		out("balance total: %lld%s\n", tg - tf, tg ? "" : " (nothing granted)");
	}
	if (interrupts_seen || stall_marker)
		out("interrupts: %d (matching the stalled request: %d)\n", interrupts_seen,
		    interrupts_matched);
	exit(status);
}

// Tell a waiting `fc wait READY` at once that there will be no mount.
static void mount_failed(void)
{
	if (ready_file) {
		char p[4096];
		snprintf(p, sizeof p, "%s.failed", ready_file);
		touch(p);
	}
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "R:M:s:S:i:x:I:cCLFT:v")) != -1) {
		switch (c) {
		case 'R': ready_file = optarg; break;
		case 'M': stall_marker = optarg; break;
		case 's': {
			char *colon = strchr(optarg, ':');
			if (colon) {
				*colon = 0;
				snprintf(stall_name, sizeof stall_name, "%s", colon + 1);
			}
			stall_op = opnum(optarg);
			break;
		}
		case 'S': stall_ms = atol(optarg); break;
		case 'i': int_mode = optarg; break;
		case 'x': {
			char *colon = strchr(optarg, ':');
			if (!colon) {
				fprintf(stderr, "rawd: -x MODE:OP\n");
				return 2;
			}
			*colon = 0;
			x_mode = optarg;
			x_op = opnum(colon + 1);
			break;
		}
		case 'I': init_mode = optarg; break;
		case 'c': print_counts = 1; break;
		case 'C': print_counts = print_raw = 1; break;
		case 'L': print_lookups = 1; break;
		case 'F': print_flush = 1; break;
		case 'T': timeout_s = atol(optarg); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: rawd [options] MOUNTPOINT\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: rawd [options] MOUNTPOINT\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		perror("rawd: /dev/fuse");
		mount_failed();
		return 1;
	}
	char opts[128];
	snprintf(opts, sizeof opts, "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	if (mount("rawd", argv[optind], "fuse.rawd", 0, opts) < 0) {
		perror("rawd: mount");
		mount_failed();
		return 1;
	}
	if (ready_file)
		touch(ready_file);
	static char buf[FUSE_MIN_READ_BUFFER + (1 << 17)];
	for (;;) {
		if (st.active && !st.forever) {
			long ms = ms_until(&st.deadline);
			if (ms == 0) {
				end_stall_normally();
				continue;
			}
			struct pollfd p = {.fd = fd, .events = POLLIN};
			int r = poll(&p, 1, (int)ms);
			if (r == 0)
				continue;
			if (r < 0 && errno == EINTR)
				continue;
		}
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			int e = errno;
			if (e == EINTR || e == EAGAIN || e == ENOENT)
				continue;
			if (e == ENODEV)
				finish(0);
			fprintf(stderr, "rawd: read: %s\n", strerror(e));
			finish(1);
		}
		if ((size_t)n < sizeof(struct fuse_in_header)) {
			fprintf(stderr, "rawd: short read %zd\n", n);
			finish(1);
		}
		handle((struct fuse_in_header *)buf, (size_t)n);
	}
}
