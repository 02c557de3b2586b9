/*
 * openmsdrm - the permanent license store: one SQLite database per user,
 * shared by all the user's processes, holding every item the API stores
 * and enumerates (machine certificates and the lockbox, rights account and
 * client licensor certificates, end-user licenses, revocation lists,
 * issuance license templates) as XrML text with the fields the lookup and
 * enumeration rules need.
 *
 * Durability: WAL mode with synchronous=FULL, so a write that returned
 * S_OK survives a crash or power cut. Concurrent writers wait (busy
 * timeout) rather than fail. A database that cannot be opened, is corrupt,
 * or carries a newer schema than we know is reported and left untouched.
 *
 * Errors: E_ACCESSDENIED (cannot open or write the file),
 * E_MSDRM_STORE_CORRUPT (not a database, or damaged), E_DRM_INVALID_VERSION (a
 * newer schema), E_OUTOFMEMORY, E_DRM_RECORD_NOT_FOUND (no such item),
 * E_FAIL (any other SQLite failure).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_LICENSE_STORE_H
#define MSDRM_LICENSE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/private_errors.h" /* E_MSDRM_STORE_CORRUPT */
#include "msdrmdefs.h"

/* The schema this code writes; older ones are migrated forward. */
#define STORE_SCHEMA_VERSION 1

enum store_kind {
    STORE_MACHINE_CERTIFICATE = 1,
    STORE_LOCKBOX,
    STORE_RIGHTS_ACCOUNT_CERTIFICATE,
    STORE_CLIENT_LICENSOR_CERTIFICATE,
    STORE_END_USER_LICENSE,
    STORE_REVOCATION_LIST,
    STORE_ISSUANCE_LICENSE_TEMPLATE
};
#define STORE_KIND_MASK(kind) (1u << (kind))

/* One stored item. Strings are UTF-8; NULL where a field does not apply.
 * Times are seconds since 1970 (UTC); 0 means unbounded. */
struct store_item {
    int64_t id; /* insertion order; set by the store */
    enum store_kind kind;
    char *license_id;
    char *group_identity; /* the user (e-mail) an item is issued to */
    char *issuer_name;
    char *content_id; /* end-user licenses: the content they unlock */
    int64_t valid_from;
    int64_t valid_until;
    bool shared;
    char *xrml; /* the document itself (for the lockbox: its protected blob) */
};

/* Frees the strings of an item filled by store_get. */
void store_item_clear(struct store_item *item);

struct license_store;

/* The HRESULT of an SQLite result code as the store reports it:
 * E_OUTOFMEMORY, E_ACCESSDENIED (cannot open, read-only),
 * E_MSDRM_STORE_CORRUPT (not a database, damaged), E_FAIL; S_OK for
 * SQLITE_OK, SQLITE_ROW and SQLITE_DONE. Shared with msdrm-server's
 * database (src/server/server_store.c). */
HRESULT store_hresult_from_sqlite(int code);

/* Opens (creating if missing) the store at `path`. */
HRESULT store_open(const char *path, struct license_store **store);

/* Opens this user's store in the user's data folder (store.db). */
HRESULT store_open_default(struct license_store **store);

void store_close(struct license_store *store);

/*
 * The process's connection to this user's store, opened at the first call
 * (a failure is returned and tried again next time) and kept open for the
 * life of the process. Do not close it.
 */
HRESULT store_shared(struct license_store **store);

/* Adds one item in its own transaction; stores its new id in *id. */
HRESULT store_add(struct license_store *store, const struct store_item *item, int64_t *id);

/*
 * In one transaction: deletes every item of the kinds in `kinds`, then
 * adds `count` items. Either all of it happens or none (activation).
 */
HRESULT store_replace(struct license_store *store, uint32_t kinds, const struct store_item *items,
                      size_t count);

/* Deletes the items of the kinds in `kinds` whose license ID is
 * `license_id` (end-user licenses also by content ID), in one
 * transaction; E_DRM_RECORD_NOT_FOUND if there were none. */
HRESULT store_delete_license(struct license_store *store, uint32_t kinds, const char *license_id);

/* The same by license ID only: what a license storage session may delete
 * (functions/DRMDeleteLicense.md: content IDs need a client session). */
HRESULT store_delete_license_id(struct license_store *store, uint32_t kinds,
                                const char *license_id);

/*
 * In one transaction: deletes the items of item->kind with item->license_id
 * (not NULL), then adds `item`; adding a license again replaces it.
 */
HRESULT store_put(struct license_store *store, const struct store_item *item, int64_t *id);

/* Deletes every item of the kinds in `kinds`, in one transaction. */
HRESULT store_delete_kinds(struct license_store *store, uint32_t kinds);

/* Reads the item with this id; E_DRM_RECORD_NOT_FOUND if it is gone. */
HRESULT store_get(struct license_store *store, int64_t id, struct store_item *item);

/* Which items store_list returns. */
struct store_filter {
    uint32_t kinds;             /* STORE_KIND_MASK bits */
    const char *group_identity; /* only items issued to it; NULL: any */
    int64_t valid_at;           /* only items not expired then; 0: any */
    const char *content_id;     /* only items for this content; NULL: any */
};

/*
 * In one read transaction: reads item `id` if the store's version is still
 * `expected` (*current true), else only reports that it changed.
 */
HRESULT store_get_if_current(struct license_store *store, int64_t id, uint64_t expected,
                             struct store_item *item, bool *current);

/*
 * The ids of the items `filter` selects, in insertion order. The caller
 * frees *ids. Enumerations keep this list and read items by id, so walking
 * index 0..N-1 costs one indexed read a step.
 */
HRESULT store_list(struct license_store *store, const struct store_filter *filter, int64_t **ids,
                   size_t *count);

/* Changes whenever this or another process changed the store. */
HRESULT store_version(struct license_store *store, uint64_t *version);

#endif /* MSDRM_LICENSE_STORE_H */
