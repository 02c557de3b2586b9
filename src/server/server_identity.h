/*
 * openmsdrm - who msdrm-server is: its own root (a self-signed CA
 * certificate, 2048 bits) and its server licensor certificate (SLC,
 * 1024 bits, cryptographic mode 1: spec/rmpr.md §7), made on the first
 * start in the --data folder (spec/xrml.md §4.1) and loaded from it on
 * every later one, so a restart serves the same chain.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_IDENTITY_H
#define MSDRM_SERVER_IDENTITY_H

#include <openssl/evp.h>

#include "license/license_model.h"
#include "server/server_store.h"
#include "xrml/xrml_document.h"

/* Server-Version and Server-SKU of the SLC principal, copied into every
 * ISSUER the server writes (spec/xrml.md §3.4): an AD RMS 2.0 server's,
 * since clients know those values and template distribution is 2.0. */
#define SERVER_VERSION "6.0.0.0"
#define SERVER_SKU "RMS 2.0"

struct server_identity {
    char server_guid[39];
    EVP_PKEY *root_key, *slc_key;
    /* The chain, SLC first (spec/rmpr.md §5.3), as literal text. */
    struct xrml_document *slc, *root;
    /* The SLC's ISSUEDPRINCIPALS principal, read: what every ISSUER the
     * server writes copies (spec/xrml.md §4.3), without its internal-id. */
    struct license_model slc_model;
    struct license_party issuer;
};

/* Loads the identity from `store`, making and keeping one first when it
 * has none. */
HRESULT server_identity_load(struct server_store *store, struct server_identity *identity);
void server_identity_clear(struct server_identity *identity);

/* A brace-enclosed random (version 4) GUID, lower case as a server
 * writes them (spec/xrml.md §1). */
HRESULT server_random_guid(char guid[39]);

/* A key pair as DER (i2d_PrivateKey; heap, free with OPENSSL_clear_free)
 * and back (NULL when it is not one). */
HRESULT server_key_to_der(EVP_PKEY *key, uint8_t **der, size_t *length);
EVP_PKEY *server_key_from_der(const uint8_t *der, size_t length);

/* Now, to the minute (XrML times, spec/xrml.md §8). */
int64_t server_now(void);

#endif /* MSDRM_SERVER_IDENTITY_H */
