// ioctl_vsock: IOCTL_VM_SOCKETS_GET_LOCAL_CID on /dev/vsock writes the local
// context id (a u32) back; a bad pointer is EFAULT; on another fd the request
// is ENOTTY. Python's test_socket probes AF_VSOCK support this way.
#include "common.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define GET_LOCAL_CID 0x7b9 /* _IO(7, 0xb9) */

int main(void) {
    int fd = open("/dev/vsock", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        printf("no /dev/vsock: %s\n", errname(errno));
        return finish();
    }
    uint32_t cid = 0xdeadbeef;
    TEQ(ioctl(fd, GET_LOCAL_CID, &cid), 0);
    CHECK(cid != 0xdeadbeef);
    printf("cid %u\n", cid);
    TERR(ioctl(fd, GET_LOCAL_CID, (void *)8), EFAULT);
    int p[2];
    TEQ(pipe(p), 0);
    TERR(ioctl(p[0], GET_LOCAL_CID, &cid), ENOTTY);
    return finish();
}
