/*
 * openmsdrm - a session's temporary license store: items kept in the
 * session's memory only, never written to disk, and gone with the
 * session's last handle. A license storage session keeps the end-user
 * licenses added with DRM_ADD_LICENSE_NOPERSIST in one (spec/guide.md §5);
 * a client session keeps its temporary rights account certificates
 * (DRM_ACTIVATE_TEMPORARY) and client licensor certificates acquired with
 * DRM_AL_NOPERSIST. Enumeration reads it before the permanent store, with
 * the same selection rules (enumeration_cache.h's query).
 *
 * Its lock is a leaf: nothing else is taken, and no callback runs, while
 * it is held.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_TEMPORARY_STORE_H
#define MSDRM_TEMPORARY_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client/enumeration_cache.h"
#include "store/license_store.h"
#include "platform/platform.h"

struct temporary_store {
    platform_mutex lock;
    struct store_item *items; /* in the order added */
    size_t count;
};

void temporary_store_init(struct temporary_store *store);

/* Empties the store (its items are freed); it may be used again. */
void temporary_store_clear(struct temporary_store *store);

/* Empties the store and releases its lock: the session is going. */
void temporary_store_destroy(struct temporary_store *store);

/*
 * Takes `item` over (its strings; *item is zeroed), replacing an item of
 * the same kind and license ID. A failure leaves the store as it was and
 * the item with the caller.
 */
HRESULT temporary_store_put(struct temporary_store *store, struct store_item *item);

/*
 * Copies item `index` of those `query` selects (its kind, valid_at,
 * specified and group_id, content_id) into *item (store_item_clear it);
 * *count is how many it selects. E_DRM_NO_MORE_DATA past the last.
 */
HRESULT temporary_store_item(struct temporary_store *store, const struct enumeration_query *query,
                             size_t index, struct store_item *item, size_t *count);

/* Deletes the items of the kinds in `kinds` with this license ID;
 * whether any went. */
bool temporary_store_delete(struct temporary_store *store, uint32_t kinds, const char *license_id);

#endif /* MSDRM_TEMPORARY_STORE_H */
