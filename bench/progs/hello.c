/* Static hello: the start-up workload.  Exits non-zero if the write did not happen. */
#include <stdio.h>

int main(void)
{
    if (fputs("hello, world\n", stdout) == EOF || fflush(stdout) != 0)
        return 1;
    return 0;
}
