/*
 * Objects for handle-table tests: each counts its destruction, so a test
 * can see that an object lives exactly as long as its handles.
 */
#ifndef MSDRM_TEST_COUNTED_OBJECT_H
#define MSDRM_TEST_COUNTED_OBJECT_H

#include <stdatomic.h>
#include <stdlib.h>

#include "runtime/handles.h"

struct counted {
    struct object base;
    atomic_int *destroyed;
};

static inline void counted_destroy(struct object *object)
{
    struct counted *counted = (struct counted *)object;
    atomic_fetch_add(counted->destroyed, 1);
    free(counted);
}

/* Plain handles: each is one more reference. */
static const struct handle_vtbl counted_vtbl = {{counted_destroy}, 0, NULL, NULL};

/*
 * Opens a handle of `kind` on a fresh object that only the handle keeps
 * alive; 0 on failure. Safe on any thread (cmocka's asserts are not).
 */
static inline ULONG try_open_counted(enum handle_kind kind, atomic_int *destroyed)
{
    struct counted *counted = malloc(sizeof *counted);
    if (counted == NULL)
        return 0;
    object_init(&counted->base, &counted_vtbl.object);
    counted->destroyed = destroyed;
    ULONG handle = 0;
    if (FAILED(handle_open(&counted->base, kind, &handle)))
        handle = 0;
    object_unref(&counted->base);
    return handle;
}

#endif /* MSDRM_TEST_COUNTED_OBJECT_H */
