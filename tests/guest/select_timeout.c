// select_timeout: select's timeval as Linux reads it: whole seconds in
// tv_usec are folded into tv_sec (a negative tv_usec borrows from it), and
// a result that is negative, including a sum that wraps past INT64_MAX, is
// EINVAL (elfuse refused any negative field and waited forever on a wrap).
#include "common.h"
#include <stdint.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

static void try(const char *what, long sec, long usec) {
    struct timeval tv = {sec, usec};
    errno = 0;
    long r = syscall(SYS_select, 0, NULL, NULL, NULL, &tv);
    printf("%s: %ld %s\n", what, r, r < 0 ? errname(errno) : "");
}

int main(void) {
    try("zero", 0, 0);
    try("usec folds", 0, 1000);
    try("negative sec", -1, 0);
    try("negative usec alone", 0, -1);
    try("negative usec borrowing a second", 1, -1000000);
    try("sum wraps past INT64_MAX", INT64_MAX, 1000000);
    return finish();
}
