/*
 * openmsdrm - rights policy templates as the template distribution
 * service hands them out (spec/rmpr.md §5.9; spec/xrml.md §4.8): a
 * template is accepted only when it is a rights template whose DESCRIPTOR
 * ID is the GUID it was sent under, signed by the key of the server that
 * listed it (AcquireTemplateInformation's ServerPublicKey), and whose
 * SIGNATURE/DIGEST/VALUE is the hash the list gave.
 *
 * In the store a template's issuer_name is its server's identifier (the
 * base64 SHA-1 of the server's public key, which Windows puts in the
 * TMP-<hash>-<GUID> file name): synchronisation replaces one server's
 * templates and leaves the others'. Templates are not enumerated with
 * DRM_EL_ISSUERNAME, so no caller sees it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_RIGHTS_TEMPLATE_H
#define MSDRM_RIGHTS_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

#include "store/license_store.h"
#include "msdrmdefs.h"

/* A template distribution server: its identifier and key. */
struct template_server {
    char *id; /* base64 SHA-1 of the key's PKCS#1 bytes */
    EVP_PKEY *key;
};

/*
 * Reads a ServerPublicKey (base64 of a PKCS#1 RSAPublicKey).
 * E_DRM_INVALID_SERVER_RESPONSE when it is not one, E_OUTOFMEMORY.
 */
HRESULT template_server_read(const char *public_key, struct template_server *server);
void template_server_clear(struct template_server *server);

/* Whether two template GUIDs are the same, compared as Windows compares
 * GUIDs: ASCII letters in either case. */
bool rights_template_same_guid(const char *a, const char *b);

/* A stored template's hash (its SIGNATURE/DIGEST/VALUE), heap text the
 * caller frees; E_DRM_INVALID_LICENSE when it has none. */
HRESULT rights_template_hash(const char *text, size_t length, char **hash);

/*
 * Accepts template `text` (`length` bytes, UTF-8) sent as `guid` with
 * `hash` from `server` by the rules above, and fills *item for the store
 * (store_item_clear it). E_DRM_INVALID_SERVER_RESPONSE when it breaks one,
 * E_OUTOFMEMORY.
 */
HRESULT rights_template_accept(const char *text, size_t length, const char *guid, const char *hash,
                               const struct template_server *server, struct store_item *item);

#endif /* MSDRM_RIGHTS_TEMPLATE_H */
