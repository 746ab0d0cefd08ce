/*
 * Tries every way out of a RUN sandbox that the escape tests know, as a hostile Dockerfile would, and
 * prints one line per probe: "probe NAME: blocked (why)" or "probe NAME: ESCAPED (what it did)".
 *
 * Usage: escape-probe MARKER HOST_ONLY_FILE, or escape-probe --euid (prints "euid N": installed
 * setuid root, it shows whether a RUN may gain privileges through a setuid binary, as Docker allows).
 *   MARKER          a host path the probe tries to create through each way out (the test checks the
 *                   host for it afterwards, whatever the probe says);
 *   HOST_ONLY_FILE  a host file that must not be visible from inside.
 * Built statically by the tests (gcc -static), so it runs in any image.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *marker;
static const char *host_only;
static int probe_channel = -1;

static void report(const char *probe, int escaped, const char *detail)
{
    printf("probe %s: %s (%s)\n", probe, escaped ? "ESCAPED" : "blocked", detail);
    fflush(stdout);
}

/* Tries to leave the marker and see the host-only file at PREFIX (a path or "" for the current root). */
static int reaches_host(const char *prefix, char *detail, size_t size)
{
    char path[4096];
    snprintf(path, sizeof path, "%s%s", prefix, marker);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd >= 0) {
        close(fd);
        snprintf(detail, size, "created %s", path);
        return 1;
    }
    int create_error = errno;
    snprintf(path, sizeof path, "%s%s", prefix, host_only);
    struct stat status;
    if (stat(path, &status) == 0) {
        snprintf(detail, size, "sees %s", path);
        return 1;
    }
    snprintf(detail, size, "cannot create %s%s: %s; cannot see the host-only file", prefix, marker, strerror(create_error));
    return 0;
}

/* Runs PROBE in a child, so that a chroot or a setns it makes does not affect the next probe. */
static void in_child(const char *name, int (*probe)(char *, size_t))
{
    int channel[2];
    if (pipe(channel) != 0) {
        report(name, 0, "no pipe");
        return;
    }
    pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        probe_channel = channel[1];
        char detail[8192] = "";
        int escaped = probe(detail, sizeof detail);
        dprintf(channel[1], "%d%s", escaped, detail);
        _exit(0);
    }
    close(channel[1]);
    char buffer[8200] = "";
    ssize_t n = read(channel[0], buffer, sizeof buffer - 1);
    close(channel[0]);
    waitpid(child, NULL, 0);
    if (n <= 0) {
        report(name, 0, "the probe died");
        return;
    }
    buffer[n] = '\0';
    report(name, buffer[0] == '1', buffer + 1);
}

static int double_chroot(char *detail, size_t size)
{
    mkdir("/tmp/kaniko-probe-jail", 0700);
    if (chroot("/tmp/kaniko-probe-jail") != 0) {
        snprintf(detail, size, "chroot: %s", strerror(errno));
        return 0;
    }
    for (int i = 0; i < 256; i++)
        if (chdir("..") != 0)
            break;
    if (chroot(".") != 0) {
        snprintf(detail, size, "second chroot: %s", strerror(errno));
        return 0;
    }
    return reaches_host("", detail, size);
}

static int inherited_descriptors(char *detail, size_t size)
{
    int open_fds = 0;
    for (int fd = 3; fd < 4096; fd++) {
        struct stat status;
        if (fd == probe_channel || fstat(fd, &status) != 0)
            continue;
        open_fds++;
        if (S_ISDIR(status.st_mode)) {
            /* Climb from the inherited folder as far as it goes, then try the host paths from there. */
            int at = dup(fd);
            for (int i = 0; i < 256; i++) {
                int up = openat(at, "..", O_RDONLY | O_DIRECTORY);
                if (up < 0)
                    break;
                close(at);
                at = up;
            }
            int made = openat(at, marker + 1, O_WRONLY | O_CREAT | O_EXCL, 0600);
            struct stat seen;
            if (made >= 0 || fstatat(at, host_only + 1, &seen, 0) == 0) {
                snprintf(detail, size, "fd %d leads to the host", fd);
                return 1;
            }
            close(at);
        }
    }
    snprintf(detail, size, "%d descriptors above 2 inherited, none leads out", open_fds);
    return 0;
}

static int proc_roots(char *detail, size_t size)
{
    DIR *proc = opendir("/proc");
    if (proc == NULL) {
        snprintf(detail, size, "no /proc: %s", strerror(errno));
        return 0;
    }
    int pids = 0;
    for (struct dirent *entry; (entry = readdir(proc)) != NULL;) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9')
            continue;
        pids++;
        char prefix[300];
        snprintf(prefix, sizeof prefix, "/proc/%s/root", entry->d_name);
        char found[4096];
        if (reaches_host(prefix, found, sizeof found)) {
            snprintf(detail, size, "%s", found);
            closedir(proc);
            return 1;
        }
    }
    closedir(proc);
    snprintf(detail, size, "%d processes visible, no /proc/PID/root leads out", pids);
    return 0;
}

static int write_back(const char *path, char *detail, size_t size)
{
    char value[256] = "";
    int fd = open(path, O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, value, sizeof value - 1);
        value[n > 0 ? n : 0] = '\0';
        close(fd);
    }
    if (value[0] == '\0')
        strcpy(value, "h\n");
    fd = open(path, O_WRONLY);
    if (fd < 0) {
        snprintf(detail, size, "open %s for writing: %s", path, strerror(errno));
        return 0;
    }
    ssize_t written = write(fd, value, strlen(value));
    int error = errno;
    close(fd);
    if (written >= 0) {
        snprintf(detail, size, "wrote %s", path);
        return 1;
    }
    snprintf(detail, size, "write %s: %s", path, strerror(error));
    return 0;
}

static int proc_sys(char *detail, size_t size) { return write_back("/proc/sys/vm/swappiness", detail, size); }

/* 'h' only prints the help to the kernel log, should the write get through. */
static int sysrq_trigger(char *detail, size_t size) { return write_back("/proc/sysrq-trigger", detail, size); }

static int sys_write(char *detail, size_t size) { return write_back("/sys/kernel/profiling", detail, size); }

static int mount_filesystems(char *detail, size_t size)
{
    mkdir("/tmp/kaniko-probe-mount", 0700);
    if (mount("tmpfs", "/tmp/kaniko-probe-mount", "tmpfs", 0, NULL) == 0) {
        snprintf(detail, size, "mounted a tmpfs");
        return 1;
    }
    int tmpfs_error = errno;
    if (mount("/", "/tmp/kaniko-probe-mount", NULL, MS_BIND | MS_REMOUNT, NULL) == 0 || unshare(CLONE_NEWNS) == 0) {
        snprintf(detail, size, "bind-remounted / or made a mount namespace");
        return 1;
    }
    snprintf(detail, size, "mount: %s; unshare: %s", strerror(tmpfs_error), strerror(errno));
    return 0;
}

static int enter_namespaces(char *detail, size_t size)
{
    static const char *kinds[] = {"mnt", "pid", "net", "uts", "ipc", "user", "cgroup"};
    char results[1024] = "";
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char path[64];
        snprintf(path, sizeof path, "/proc/1/ns/%s", kinds[i]);
        int fd = open(path, O_RDONLY);
        if (fd < 0)
            continue;
        int entered = setns(fd, 0) == 0;
        close(fd);
        if (entered && strcmp(kinds[i], "mnt") == 0 && reaches_host("", detail, size))
            return 1;
        size_t used = strlen(results);
        snprintf(results + used, sizeof results - used, "%s%s %s", used ? ", " : "", kinds[i], entered ? "same namespace" : strerror(errno));
    }
    snprintf(detail, size, "setns into pid 1's namespaces: %s", results);
    return 0;
}

/* runc masks these: a file reads as /dev/null, a folder is an empty tmpfs. */
static int masked_paths(char *detail, size_t size)
{
    static const char *files[] = {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/latency_stats"};
    int checked = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        int fd = open(files[i], O_RDONLY);
        if (fd < 0)
            continue;
        checked++;
        char byte;
        ssize_t n = read(fd, &byte, 1);
        close(fd);
        if (n > 0) {
            snprintf(detail, size, "read %s", files[i]);
            return 1;
        }
    }
    DIR *firmware = opendir("/sys/firmware");
    if (firmware != NULL) {
        checked++;
        for (struct dirent *entry; (entry = readdir(firmware)) != NULL;) {
            if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0) {
                snprintf(detail, size, "lists /sys/firmware/%s", entry->d_name);
                closedir(firmware);
                return 1;
            }
        }
        closedir(firmware);
    }
    snprintf(detail, size, "%d of the masked kernel paths exist here, all read empty", checked);
    return 0;
}

static int direct(char *detail, size_t size) { return reaches_host("", detail, size); }

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--euid") == 0) {
        printf("euid %d\n", (int)geteuid());
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: escape-probe MARKER HOST_ONLY_FILE\n");
        return 2;
    }
    marker = argv[1];
    host_only = argv[2];
    printf("probe as uid %d gid %d\n", (int)getuid(), (int)getgid());
    in_child("direct", direct);
    in_child("double-chroot", double_chroot);
    in_child("inherited-fds", inherited_descriptors);
    in_child("proc-pid-root", proc_roots);
    in_child("proc-sys", proc_sys);
    in_child("sysrq-trigger", sysrq_trigger);
    in_child("sys", sys_write);
    in_child("mount", mount_filesystems);
    in_child("nsenter", enter_namespaces);
    in_child("masked", masked_paths);
    printf("probe done\n");
    return 0;
}
