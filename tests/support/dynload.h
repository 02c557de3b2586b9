/*
 * Loading msdrm the way a test rig does: by path, then by export name or
 * ordinal. dynload_win32.c uses LoadLibrary/GetProcAddress, dynload_posix.c
 * dlopen/dlsym (ELF has no ordinals).
 */
#ifndef MSDRM_TEST_DYNLOAD_H
#define MSDRM_TEST_DYNLOAD_H

#include <stdbool.h>
#include <stddef.h>

struct dynload_library;

/*
 * Loads `file_name` from the folder of the running program. On success
 * stores the full path it loaded in `path`.
 */
struct dynload_library *dynload_open_beside_program(const char *file_name, char *path,
                                                    size_t path_size);
void dynload_close(struct dynload_library *library);

void *dynload_symbol(struct dynload_library *library, const char *name);

/* Whether this platform's libraries export by ordinal (Windows: yes). */
bool dynload_has_ordinals(void);
void *dynload_symbol_by_ordinal(struct dynload_library *library, unsigned ordinal);

/* The path the system reports for the loaded library. */
bool dynload_loaded_path(struct dynload_library *library, char *path, size_t path_size);

#endif /* MSDRM_TEST_DYNLOAD_H */
