/*
 * openmsdrm - msdrm-server's state: one SQLite database in the --data
 * folder (WAL, synchronous NORMAL: what a reply acknowledged is committed
 * to the OS before the reply leaves, so it survives the process being
 * killed, though not an OS crash).
 *
 *   identity  one row: the server's GUID, the root and SLC key pairs and
 *             their certificates, made on first start and kept, so that a
 *             restart serves the same chain;
 *   users     one key pair and principal ID per e-mail address, made on
 *             the user's first Certify and reused (spec/rmpr.md §5.2:
 *             GetUserKeyPair);
 *   issued    every RAC and CLC the server signed, in order.
 *
 * Keys are kept as DER (i2d_PrivateKey). Every function is thread-safe.
 * Concurrent server_store_log_issued calls share one transaction and one
 * fsync (group commit), so that durability does not serialise requests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_STORE_H
#define MSDRM_SERVER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

struct server_store;

/* Opens (creating when new) the database at `path`, a file readable by
 * its owner only. E_ACCESSDENIED, E_MSDRM_STORE_CORRUPT, E_OUTOFMEMORY. */
HRESULT server_store_open(const char *path, struct server_store **store);
void server_store_close(struct server_store *store);

/* The server's identity as stored; every part heap, freed by
 * server_identity_record_clear. */
struct server_identity_record {
    char *server_guid;
    uint8_t *root_key;
    size_t root_key_length;
    uint8_t *slc_key;
    size_t slc_key_length;
    char *root_certificate;
    char *slc_certificate;
};
void server_identity_record_clear(struct server_identity_record *record);

/* S_OK with the record, S_FALSE when there is none yet. */
HRESULT server_store_load_identity(struct server_store *store,
                                   struct server_identity_record *record);

/* Keeps `record` unless an identity is already there (another process on
 * the same folder won the first start): S_FALSE then, and nothing
 * written; load the one that is. */
HRESULT server_store_save_identity(struct server_store *store,
                                   const struct server_identity_record *record);

/* The user's principal ID and key (heap; the key freed with
 * OPENSSL_clear_free), S_FALSE when the address has none. Addresses
 * compare without case. */
HRESULT server_store_find_user(struct server_store *store, const char *email, char **principal_id,
                               uint8_t **key, size_t *key_length);

/* Keeps a user's principal ID and key unless the address has some
 * already (S_FALSE: nothing written; find the ones that are). */
HRESULT server_store_add_user(struct server_store *store, const char *email,
                              const char *principal_id, const uint8_t *key, size_t key_length);

/* One certificate the server signed. */
struct server_issued {
    const char *kind;       /* "RAC" or "CLC" */
    const char *license_id; /* its DESCRIPTOR ID */
    const char *email;      /* whom for */
    int64_t issued, until;  /* ISSUEDTIME, end of validity (seconds since 1970) */
    const char *certificate;
};

/* Appends it to the log, durably: on S_OK it is on disk. */
HRESULT server_store_log_issued(struct server_store *store, const struct server_issued *issued);

/* How many certificates of `kind` (NULL: any) the log holds. */
HRESULT server_store_count_issued(struct server_store *store, const char *kind, int64_t *count);

/* The certificate logged under `license_id` (heap text), S_FALSE when none. */
HRESULT server_store_find_issued(struct server_store *store, const char *license_id,
                                 char **certificate);

#endif /* MSDRM_SERVER_STORE_H */
