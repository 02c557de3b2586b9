/*
 * spawn.h on POSIX systems.
 */
#define _GNU_SOURCE
#include "spawn.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
    pid_t pid;
};

struct child *child_spawn_self(const char *role)
{
    char program[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    if (length <= 0)
        return NULL;
    program[length] = '\0';
    struct child *child = malloc(sizeof *child);
    if (child == NULL)
        return NULL;
    child->pid = fork();
    if (child->pid == 0) {
        execl(program, program, "--child", role, (char *)NULL);
        _exit(127);
    }
    if (child->pid < 0) {
        free(child);
        return NULL;
    }
    return child;
}

void child_kill(struct child *child)
{
    kill(child->pid, SIGKILL);
    waitpid(child->pid, NULL, 0);
    free(child);
}

int child_wait(struct child *child)
{
    int status = 0;
    waitpid(child->pid, &status, 0);
    free(child);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const char *child_role(int argc, char **argv)
{
    return argc == 3 && strcmp(argv[1], "--child") == 0 ? argv[2] : NULL;
}
