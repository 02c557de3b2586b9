/*
 * openmsdrm - a user's account on msdrm-server: the principal ID and key
 * pair that every RAC of one e-mail address carries (spec/rmpr.md §5.2:
 * GetUserKeyPair, "generating and storing one if absent; so RACs of one
 * user normally share a key"). The principal ID is a per-address GUID of
 * ID type "Federation", as AD RMS writes for users it knows by e-mail
 * only (spec/xrml.md §3.2): this server has no Windows SIDs.
 *
 * Accounts are kept in the store and cached in memory once read.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_ACCOUNTS_H
#define MSDRM_SERVER_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "server/server_store.h"

#define SERVER_PRINCIPAL_ID_TYPE "Federation"
#define SERVER_USER_KEY_BITS 1024

struct server_accounts;

HRESULT server_accounts_new(struct server_store *store, struct server_accounts **accounts);
void server_accounts_free(struct server_accounts *accounts);

/* An account as a Certify uses it: the key, and the key as the
 * PRIVATEKEYBLOB every RAC seals (exported once, when the account is
 * read). Freed with server_account_clear. */
struct server_account {
    char principal_id[39];
    EVP_PKEY *key;
    uint8_t *blob;
    size_t blob_length;
};

void server_account_clear(struct server_account *account);

/*
 * The account of `email` (a valid address), made and kept when it has
 * none. Two first requests of one address at once end with the same
 * account.
 */
HRESULT server_account_get(struct server_accounts *accounts, const char *email,
                           struct server_account *account);

#endif /* MSDRM_SERVER_ACCOUNTS_H */
