/*
 * openmsdrm - reference-counted objects: what the handle table holds.
 * Every object starts with this header, which points to its kind's table
 * of functions (one const table per kind; the model is Wine's winhttp
 * object_vtbl). Its destroy function runs when the last reference goes
 * (the last handle closed, the last call finished). Kinds that handles
 * name extend the table with what closing their last handle means
 * (struct handle_vtbl, runtime/handles.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_OBJECT_H
#define MSDRM_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct object;

struct object_vtbl {
    /* The last reference went: scrub and free everything. */
    void (*destroy)(struct object *object);
};

struct object {
    atomic_uint references;
    const struct object_vtbl *vtbl;
};

/* Starts with one reference, the caller's. */
static inline void object_init(struct object *object, const struct object_vtbl *vtbl)
{
    atomic_init(&object->references, 1);
    object->vtbl = vtbl;
}

static inline void object_ref(struct object *object)
{
    atomic_fetch_add_explicit(&object->references, 1, memory_order_relaxed);
}

/*
 * Takes a reference unless the last one is already gone (its destroy
 * function is running or about to): for caches that point at an object
 * without owning it.
 */
static inline bool object_try_ref(struct object *object)
{
    unsigned count = atomic_load_explicit(&object->references, memory_order_relaxed);
    do {
        if (count == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&object->references, &count, count + 1,
                                                    memory_order_acquire, memory_order_relaxed));
    return true;
}

static inline void object_unref(struct object *object)
{
    if (object != NULL &&
        atomic_fetch_sub_explicit(&object->references, 1, memory_order_acq_rel) == 1)
        object->vtbl->destroy(object);
}

#endif /* MSDRM_OBJECT_H */
