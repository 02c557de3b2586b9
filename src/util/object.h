/*
 * openmsdrm - reference-counted objects: what the handle table holds.
 * Every object starts with this header; its destroy function runs when the
 * last reference goes (the last handle closed, the last call finished).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_OBJECT_H
#define MSDRM_OBJECT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct object {
    atomic_uint references;
    void (*destroy)(struct object *object);
};

/* Starts with one reference, the caller's. */
static inline void object_init(struct object *object, void (*destroy)(struct object *object))
{
    atomic_init(&object->references, 1);
    object->destroy = destroy;
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
        object->destroy(object);
}

#endif /* MSDRM_OBJECT_H */
