// The well-formed static program the bad-ELF generator patches copies of.
#include <unistd.h>

int main(int argc, char **argv) {
    (void)argv;
    static const char msg[] = "base ok\n";
    write(1, msg, sizeof msg - 1);
    return argc > 1 ? 4 : 0;
}
