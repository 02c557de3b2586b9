/*
 * spawn.h on Windows.
 */
#include "spawn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

struct child {
    PROCESS_INFORMATION process;
};

struct child *child_spawn_self(const char *role)
{
    char program[MAX_PATH];
    char command[2 * MAX_PATH];
    DWORD length = GetModuleFileNameA(NULL, program, sizeof program);
    if (length == 0 || length >= sizeof program)
        return NULL;
    snprintf(command, sizeof command, "\"%s\" --child %s", program, role);
    struct child *child = calloc(1, sizeof *child);
    if (child == NULL)
        return NULL;
    STARTUPINFOA startup = {.cb = sizeof startup};
    if (!CreateProcessA(program, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
                        &child->process)) {
        free(child);
        return NULL;
    }
    CloseHandle(child->process.hThread);
    return child;
}

void child_kill(struct child *child)
{
    TerminateProcess(child->process.hProcess, 9);
    WaitForSingleObject(child->process.hProcess, INFINITE);
    CloseHandle(child->process.hProcess);
    free(child);
}

int child_wait(struct child *child)
{
    DWORD code = (DWORD)-1;
    WaitForSingleObject(child->process.hProcess, INFINITE);
    GetExitCodeProcess(child->process.hProcess, &code);
    CloseHandle(child->process.hProcess);
    free(child);
    return (int)code;
}

const char *child_role(int argc, char **argv)
{
    return argc == 3 && strcmp(argv[1], "--child") == 0 ? argv[2] : NULL;
}
