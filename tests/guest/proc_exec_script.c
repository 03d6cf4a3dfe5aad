// proc_exec_script: execve of a "#!" script whose interpreter is this very
// program: the new image sees argv = [interp, optional-arg, script, args...].
// Also a script whose interpreter is missing (ENOENT) and a script with
// a shebang line that is too long / empty.
#include "common.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char self[4096];

static void mk(const char *name, const char *data) {
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    write(fd, data, strlen(data));
    close(fd);
}

static void run(const char *path, char **av) {
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        char *ev[] = {NULL};
        execve(path, av, ev);
        printf("execve(%s) failed: %s\n", path, errname(errno));
        fflush(stdout);
        _exit(127);
    }
    int st;
    waitpid(p, &st, 0);
    printf("-> exit %d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv) {
    if (getenv("SCRIPT_CHILD") == NULL && argc > 1 && strcmp(argv[1], "--interp") == 0) {
        // Running as interpreter: argv[0] is the interpreter path as written
        // in the script; print with our own path replaced for stability.
        for (int i = 0; i < argc; i++) {
            const char *a = argv[i];
            if (strncmp(a, self, 0) == 0 && strstr(a, "proc_exec_script"))
                a = "<self>";
            printf("  argv[%d]=%s\n", i, a);
        }
        return 0;
    }
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0)
        return 2;
    self[n] = 0;
    char buf[8192];
    snprintf(buf, sizeof buf, "#!%s --interp\necho not reached\n", self);
    mk("s1", buf);
    snprintf(buf, sizeof buf, "#! %s   --interp   \n", self);
    mk("s2", buf);
    mk("s3", "#!/nonexistent/interp\n");
    snprintf(buf, sizeof buf, "#!%s --interp", self); // no newline at all
    mk("s4", buf);
    char *av1[] = {"s1", "a1", "a2", NULL};
    run("./s1", av1);
    char *av2[] = {"anything", NULL};
    run("./s2", av2);
    run("./s3", av2);
    run("./s4", av1);
    return finish();
}
