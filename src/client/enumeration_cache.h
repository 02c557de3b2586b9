/*
 * openmsdrm - a session's enumeration cache: the list of permanent store
 * item ids its last DRMEnumerateLicense matched, with the store version it
 * was read at. Index i is then one indexed read; the list is read again
 * only when the flags change or the store changed (in any process), so
 * walking 0..N-1 costs O(1) a step. A session makes its cache at its first
 * enumeration: most sessions never enumerate.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ENUMERATION_CACHE_H
#define MSDRM_ENUMERATION_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/license_store.h"
#include "msdrmdefs.h"

struct enumeration_cache;

/* Where a session keeps its cache: NULL until its first enumeration. */
typedef _Atomic(struct enumeration_cache *) enumeration_cache_slot;

/* Which permanent items one enumeration walks. */
struct enumeration_query {
    UINT flags; /* what the list is made for: the cache's key */
    enum store_kind kind;
    int64_t valid_at;       /* what expired then is left out; 0: nothing is */
    bool specified;         /* only items issued to group_id (E_DRM_GROUPID_NOT_SET if NULL) */
    const WCHAR *group_id;  /* the session's user, or NULL */
    const char *content_id; /* only items for this content, or NULL */
};

/*
 * Item `index` of the items `query` selects, into *item (clear it with
 * store_item_clear); E_DRM_NO_MORE_DATA past the last. Makes the cache
 * in *slot if there is none yet.
 */
HRESULT enumeration_cache_read(enumeration_cache_slot *slot, const struct enumeration_query *query,
                               size_t index, struct store_item *item);

/* Frees a session's cache (NULL: none was made). */
void enumeration_cache_free(struct enumeration_cache *cache);

#endif /* MSDRM_ENUMERATION_CACHE_H */
