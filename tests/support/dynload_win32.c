/*
 * dynload.h on Windows.
 */
#include "dynload.h"

#include <stdio.h>
#include <string.h>
#include <windows.h>

struct dynload_library *dynload_open_beside_program(const char *file_name, char *path,
                                                    size_t path_size)
{
    char program[MAX_PATH];
    DWORD length = GetModuleFileNameA(NULL, program, sizeof program);
    if (length == 0 || length >= sizeof program)
        return NULL;
    char *slash = strrchr(program, '\\');
    if (slash == NULL)
        return NULL;
    slash[1] = '\0';
    if ((size_t)snprintf(path, path_size, "%s%s", program, file_name) >= path_size)
        return NULL;
    return (struct dynload_library *)LoadLibraryA(path);
}

void dynload_close(struct dynload_library *library)
{
    FreeLibrary((HMODULE)library);
}

void *dynload_symbol(struct dynload_library *library, const char *name)
{
    return (void *)(INT_PTR)GetProcAddress((HMODULE)library, name);
}

bool dynload_has_ordinals(void)
{
    return true;
}

void *dynload_symbol_by_ordinal(struct dynload_library *library, unsigned ordinal)
{
    return (void *)(INT_PTR)GetProcAddress((HMODULE)library, MAKEINTRESOURCEA(ordinal));
}

bool dynload_loaded_path(struct dynload_library *library, char *path, size_t path_size)
{
    if (path_size > MAXDWORD)
        return false;
    DWORD length = GetModuleFileNameA((HMODULE)library, path, (DWORD)path_size);
    return length > 0 && length < path_size;
}
