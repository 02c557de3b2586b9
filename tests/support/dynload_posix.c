/*
 * dynload.h on POSIX systems.
 */
#define _GNU_SOURCE
#include "dynload.h"

#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct dynload_library *dynload_open_beside_program(const char *file_name, char *path,
                                                    size_t path_size)
{
    char program[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", program, sizeof program - 1);
    if (length <= 0)
        return NULL;
    program[length] = '\0';
    char *slash = strrchr(program, '/');
    if (slash == NULL)
        return NULL;
    slash[1] = '\0';
    if ((size_t)snprintf(path, path_size, "%s%s", program, file_name) >= path_size)
        return NULL;
    return (struct dynload_library *)dlopen(path, RTLD_NOW | RTLD_LOCAL);
}

void dynload_close(struct dynload_library *library)
{
    dlclose(library);
}

void *dynload_symbol(struct dynload_library *library, const char *name)
{
    return dlsym(library, name);
}

bool dynload_has_ordinals(void)
{
    return false;
}

void *dynload_symbol_by_ordinal(struct dynload_library *library, unsigned ordinal)
{
    (void)library;
    (void)ordinal;
    return NULL;
}

bool dynload_loaded_path(struct dynload_library *library, char *path, size_t path_size)
{
    struct link_map *map = NULL;
    if (dlinfo(library, RTLD_DI_LINKMAP, &map) != 0 || map == NULL)
        return false;
    return (size_t)snprintf(path, path_size, "%s", map->l_name) < path_size;
}
