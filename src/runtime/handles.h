/*
 * openmsdrm - the handle table: every handle the API hands out (sessions,
 * environments, DRMHANDLE objects, publishing and query handles) is a
 * 32-bit value naming a slot of this one table.
 *
 * A value carries its kind and its slot's generation, so a handle of the
 * wrong kind, a forged value, or a closed one whose slot was reused are
 * refused with E_DRM_INVALID_HANDLE. Lookups take a reference on the
 * object without any lock (a compare-and-swap on the slot), so closing a
 * handle while another thread is inside a call on it is safe: the object
 * lives until that call lets go.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_HANDLES_H
#define MSDRM_HANDLES_H

#include <stddef.h>
#include <stdint.h>

#include "util/object.h"
#include "msdrmdefs.h"

/* At most 15 kinds: a value keeps its kind in 4 bits, 0 is never used. */
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
    HANDLE_QUERY
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
 * Opens a new handle of `kind` on `object`, taking a reference of its own.
 * E_OUTOFMEMORY when the table is full (65,536 open handles).
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
 * Closes `handle` if it is open and of a kind in `kinds`: its value is
 * refused from now on, and its reference on the object goes once every
 * lookup in flight has finished. E_DRM_INVALID_HANDLE otherwise.
 */
HRESULT handle_close(ULONG handle, uint32_t kinds);

/* Opens another handle, of the same kind, on the object `handle` names
 * (if its kind is in `kinds`). */
HRESULT handle_duplicate(ULONG handle, uint32_t kinds, ULONG *copy);

/* How many handles are open, for leak checks in tests. */
size_t handle_open_count(void);

#endif /* MSDRM_HANDLES_H */
