// Guest for scm_native.py: connects to the Unix socket argv[1], passes an fd
// of a file it wrote to the native peer with SCM_RIGHTS, then receives an fd
// from the peer and prints what it reads through it.
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3)
        return 2;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strncpy(sa.sun_path, argv[1], sizeof sa.sun_path - 1);
    if (connect(s, (struct sockaddr *)&sa, sizeof sa) < 0) {
        perror("connect");
        return 1;
    }
    FILE *f = fopen(argv[2], "w+");
    fputs("written by the guest\n", f);
    fflush(f);
    rewind(f);
    int fd = fileno(f);
    char cbuf[CMSG_SPACE(sizeof(int))] = {0};
    char x = 'F';
    struct iovec io = {&x, 1};
    struct msghdr mh = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    printf("sendmsg: %zd\n", sendmsg(s, &mh, 0));
    fclose(f);

    char back[CMSG_SPACE(sizeof(int))];
    struct msghdr rh = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = back, .msg_controllen = sizeof back};
    ssize_t n = recvmsg(s, &rh, 0);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rh);
    printf("recvmsg: %zd, %s\n", n,
           rc && rc->cmsg_level == SOL_SOCKET && rc->cmsg_type == SCM_RIGHTS ? "got an fd" : "no fd");
    if (rc) {
        int got;
        memcpy(&got, CMSG_DATA(rc), sizeof got);
        char buf[128] = {0};
        ssize_t r = read(got, buf, sizeof buf - 1);
        printf("read through it: %zd \"%s\"\n", r, strtok(buf, "\n"));
        close(got);
    }
    return 0;
}
