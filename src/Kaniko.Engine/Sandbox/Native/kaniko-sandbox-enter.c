/*
 * The last step of the RUN sandbox, run as pid 1 of its namespaces after the entry script has mounted
 * the root and its standard mounts: enter the root as runc does (pivot_root, then detach the old
 * root, so no path and no chroot leads back to the host), drop to the command's groups, Docker's
 * default capability bounding set and its user, close every inherited descriptor, and exec the
 * command with its environment and nothing of the host's.
 *
 * It is a program of its own because no util-linux tool does pivot_root and the exec in one process,
 * and a host program cannot be started after the pivot (its loader and libraries are gone). It is
 * linked statically so that it runs on any glibc.
 *
 * Usage: kaniko-sandbox-enter, with the specification on standard input up to its end, as
 * NUL-terminated fields: root, working directory, uid, gid, supplementary gids (comma-separated, may
 * be empty), the number of environment entries, the entries, then the command's arguments. A pipe
 * keeps the environment (secrets among it) off the disk and long commands clear of the kernel's
 * limits on the way here; the command's standard input is then /dev/null, as BuildKit gives RUN.
 *
 * Exit codes: 125 and a line starting "kaniko sandbox:" when the sandbox cannot be entered;
 * 127 when the command is not found, 126 when it cannot be run (as Docker reports them).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

/* Docker's default capabilities (moby's oci/caps/defaults.go); CAP_SYS_ADMIN is not among them. */
static const int default_capabilities[] = {
    CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID,
    CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

static void fail(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    fputs("kaniko sandbox: ", stderr);
    vfprintf(stderr, format, arguments);
    fputc('\n', stderr);
    va_end(arguments);
    exit(125);
}

struct spec {
    char *root;
    char *working_directory;
    uid_t uid;
    gid_t gid;
    char *groups;
    char **environment;
    char **arguments;
};

static char *read_all(int fd, size_t *length)
{
    size_t capacity = 64 * 1024, done = 0;
    char *data = malloc(capacity + 1);
    for (;;) {
        if (data == NULL)
            fail("out of memory reading the sandbox specification");
        if (done == capacity) {
            capacity *= 2;
            data = realloc(data, capacity + 1);
            continue;
        }
        ssize_t n = read(fd, data + done, capacity - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail("cannot read the sandbox specification: %s", strerror(errno));
        if (n == 0)
            break;
        done += (size_t)n;
    }
    data[done] = '\0';
    *length = done;
    return data;
}

/* Returns the field at *cursor and moves past it. */
static char *next_field(char **cursor, char *end)
{
    if (*cursor >= end)
        fail("the sandbox specification ends early");
    char *field = *cursor;
    *cursor += strlen(field) + 1;
    return field;
}

static unsigned long number(const char *text, const char *what)
{
    char *rest;
    errno = 0;
    unsigned long value = strtoul(text, &rest, 10);
    if (errno != 0 || *text == '\0' || *rest != '\0')
        fail("%s '%s' is not a number", what, text);
    return value;
}

static char **field_list(char **cursor, char *end, size_t count)
{
    char **list = calloc(count + 1, sizeof(char *));
    if (list == NULL)
        fail("out of memory");
    for (size_t i = 0; i < count; i++)
        list[i] = next_field(cursor, end);
    return list;
}

static struct spec read_spec(void)
{
    size_t length;
    char *data = read_all(STDIN_FILENO, &length);
    char *end = data + length, *cursor = data;
    struct spec spec;
    spec.root = next_field(&cursor, end);
    spec.working_directory = next_field(&cursor, end);
    spec.uid = (uid_t)number(next_field(&cursor, end), "the uid");
    spec.gid = (gid_t)number(next_field(&cursor, end), "the gid");
    spec.groups = next_field(&cursor, end);
    spec.environment = field_list(&cursor, end, number(next_field(&cursor, end), "the environment's size"));
    size_t arguments = 0;
    for (char *c = cursor; c < end; c += strlen(c) + 1)
        arguments++;
    if (arguments == 0)
        fail("no command to run");
    spec.arguments = field_list(&cursor, end, arguments);
    return spec;
}

static void enter_root(const char *root)
{
    if (chdir(root) != 0)
        fail("cannot enter %s: %s", root, strerror(errno));
    /* pivot_root(".", ".") stacks the old root on the new one; detaching it leaves only the new root. */
    if (syscall(SYS_pivot_root, ".", ".") != 0)
        fail("cannot pivot into %s: %s", root, strerror(errno));
    if (umount2(".", MNT_DETACH) != 0)
        fail("cannot detach the host's root: %s", strerror(errno));
    if (chdir("/") != 0)
        fail("cannot enter the new root: %s", strerror(errno));
}

static void set_groups(const char *list, gid_t gid)
{
    gid_t groups[256];
    size_t count = 0;
    char *copy = strdup(list), *saved = NULL;
    for (char *item = strtok_r(copy, ",", &saved); item != NULL; item = strtok_r(NULL, ",", &saved)) {
        if (count == sizeof(groups) / sizeof(groups[0]))
            fail("more than %zu supplementary groups", count);
        groups[count++] = (gid_t)number(item, "a supplementary gid");
    }
    if (setgroups(count, groups) != 0)
        fail("cannot set the supplementary groups: %s", strerror(errno));
    if (setresgid(gid, gid, gid) != 0)
        fail("cannot set the gid %u: %s", (unsigned)gid, strerror(errno));
}

static int is_default_capability(int capability)
{
    for (size_t i = 0; i < sizeof(default_capabilities) / sizeof(default_capabilities[0]); i++)
        if (default_capabilities[i] == capability)
            return 1;
    return 0;
}

static void limit_capabilities(void)
{
    /* The kernel knows capabilities up to the first one PR_CAPBSET_READ rejects. */
    for (int capability = 0; prctl(PR_CAPBSET_READ, capability, 0, 0, 0) >= 0; capability++) {
        if (!is_default_capability(capability) && prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0)
            fail("cannot drop capability %d: %s", capability, strerror(errno));
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        fail("cannot clear the ambient capabilities: %s", strerror(errno));
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        fail("usage: kaniko-sandbox-enter < SPEC");
    struct spec spec = read_spec();
    enter_root(spec.root);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0)
        fail("cannot read /dev/null: %s", strerror(errno));
    if (null != STDIN_FILENO)
        close(null);
    /* As root, as runc and unshare --wd do: the user may not be able to search the folders above it. */
    if (chdir(spec.working_directory) != 0)
        fail("cannot enter the working directory %s: %s", spec.working_directory, strerror(errno));
    set_groups(spec.groups, spec.gid);
    limit_capabilities();
    if (setresuid(spec.uid, spec.uid, spec.uid) != 0)
        fail("cannot set the uid %u: %s", (unsigned)spec.uid, strerror(errno));
    /* A change of user clears the parent-death signal: set it again, so the namespace dies with the tool. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
        fail("cannot set the parent-death signal: %s", strerror(errno));
    if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
        fail("cannot close inherited descriptors: %s", strerror(errno));
    environ = spec.environment;
    execvp(spec.arguments[0], spec.arguments);
    int error = errno;
    fprintf(stderr, "kaniko: cannot run '%s': %s\n", spec.arguments[0], strerror(error));
    return error == ENOENT ? 127 : 126;
}
