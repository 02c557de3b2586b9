/*
 * openmsdrm - the handle table: every handle the API hands out (sessions,
 * environments, DRMHANDLE objects, publishing and query handles) is a
 * 32-bit value naming a slot of this one table.
 *
 * The table records each handle's kind and its slot's generation, so a
 * handle of the wrong kind, a forged value, or a closed one whose slot was
 * reused are refused with E_DRM_INVALID_HANDLE. Lookups take a reference
 * on the object without any lock (a compare-and-swap on the slot), so
 * closing a handle while another thread is inside a call on it is safe:
 * the object lives until that call lets go.
 *
 * What closing and duplicating mean for each kind is in the kind's table
 * (struct handle_vtbl), which the object's header points to: a new kind
 * plugs in with an enum value here and a table beside its object.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_HANDLES_H
#define MSDRM_HANDLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/object.h"
#include "msdrmdefs.h"
#include "platform/platform.h"

/* At most 31 kinds (HANDLE_MASK is 32 bits); 0 is never used. */
enum handle_kind {
    HANDLE_CLIENT_SESSION = 1,
    HANDLE_LICENSE_STORAGE_SESSION,
    HANDLE_ENVIRONMENT,
    HANDLE_LIBRARY,
    HANDLE_BOUND_LICENSE,
    HANDLE_ENABLING_PRINCIPAL,
    HANDLE_CRYPTO_PROVIDER,
    HANDLE_ERROR_LOG,
    HANDLE_ISSUANCE_LICENSE,
    HANDLE_RIGHT,
    HANDLE_USER,
    HANDLE_QUERY,
    HANDLE_KIND_END /* one past the last; at most 32 */
};

#define HANDLE_MASK(kind) (1u << (kind))
/* The kinds each handle type of the API may name. */
#define HANDLE_MASK_SESSION                                                                        \
    (HANDLE_MASK(HANDLE_CLIENT_SESSION) | HANDLE_MASK(HANDLE_LICENSE_STORAGE_SESSION))
#define HANDLE_MASK_DRMHANDLE                                                                      \
    (HANDLE_MASK(HANDLE_LIBRARY) | HANDLE_MASK(HANDLE_BOUND_LICENSE) |                             \
     HANDLE_MASK(HANDLE_ENABLING_PRINCIPAL) | HANDLE_MASK(HANDLE_CRYPTO_PROVIDER) |                \
     HANDLE_MASK(HANDLE_ERROR_LOG))
#define HANDLE_MASK_PUB                                                                            \
    (HANDLE_MASK(HANDLE_ISSUANCE_LICENSE) | HANDLE_MASK(HANDLE_RIGHT) | HANDLE_MASK(HANDLE_USER))

/*
 * How many handles of an object are open, for a kind whose last open
 * handle has rules: duplicating is refused once the last one has closed,
 * and closing the last one may be refused or have an effect.
 */
struct handle_count {
    platform_mutex lock; /* guards `open`, and what the kind's rules read */
    unsigned open;       /* once 0, never above 0 again */
};

/*
 * The table of a kind of object that handles name; every such object's
 * header points to its `object` member. Most kinds need only `destroy`:
 * a handle is one more reference. A kind with last-handle rules keeps a
 * struct handle_count in its objects, says where, and may set the two
 * functions.
 */
struct handle_vtbl {
    struct object_vtbl object;
    /* offsetof the object's struct handle_count; 0: plain references */
    size_t count_offset;
    /* Under the count's lock, before the last open handle closes: S_OK, or
     * the error that refuses the close (the handle stays open). */
    HRESULT (*last_closing)(struct object *object);
    /* Once the last open handle has closed, outside every lock of the
     * table and of the count (it may wait for another thread). */
    void (*last_closed)(struct object *object);
};

/*
 * Starts a count at one open handle: the one the object's creator opens
 * next with handle_open (if that fails, the object just goes with the
 * creator's reference). handle_count_clear undoes it, in destroy.
 */
void handle_count_init(struct handle_count *count);
void handle_count_clear(struct handle_count *count);

/* Under count->lock: false once the last handle has closed. */
static inline bool handle_count_is_open(const struct handle_count *count)
{
    return count->open > 0;
}

/*
 * Opens a new handle of `kind` on `object`, taking a reference of its own;
 * the object's table must be a struct handle_vtbl. E_OUTOFMEMORY when the
 * table is full (65,536 open handles). For a kind that counts its
 * handles, only the creator calls this (the first handle); copies come
 * from handle_duplicate.
 */
HRESULT handle_open(struct object *object, enum handle_kind kind, ULONG *handle);

/*
 * Looks `handle` up: if it is open and its kind is in `kinds`, stores a new
 * reference to its object (release it with object_unref) and, when `kind`
 * is not NULL, its kind. Otherwise E_DRM_INVALID_HANDLE and nothing else.
 */
HRESULT handle_acquire(ULONG handle, uint32_t kinds, struct object **object,
                       enum handle_kind *kind);

/*
 * Closes `handle` if it is open and of a kind in `kinds`, by its kind's
 * rules: its value is refused from now on, and its reference on the
 * object goes once every lookup in flight has finished.
 * E_DRM_INVALID_HANDLE otherwise, or the error of a last_closing rule.
 */
HRESULT handle_close(ULONG handle, uint32_t kinds);

/* Opens another handle, of the same kind, on the object `handle` names
 * (if its kind is in `kinds`), by its kind's rules. */
HRESULT handle_duplicate(ULONG handle, uint32_t kinds, ULONG *copy);

/* How many handles are open (closed ones with a lookup still in flight
 * included), for leak checks in tests: exact while no other thread opens
 * or closes handles. */
size_t handle_open_count(void);

#endif /* MSDRM_HANDLES_H */
