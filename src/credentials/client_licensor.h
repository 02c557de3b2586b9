/*
 * openmsdrm - client licensor certificates (CLCs) as GetClientLicensorCert
 * returns them (spec/rmpr.md §5.6, §6.3; spec/xrml.md §4.4): a CLC chain
 * is accepted only when it is an issued chain (issued_chain.h), its ISSUE
 * right still holds, and it is bound to the rights account certificate it
 * was asked for: its principal is the RAC's (the OBJECT ID copied), and
 * the ISSUE right's ENABLINGBITS open with the RAC's private key, with the
 * CLC's ISSUER hash, to the key pair of the CLC's principal key.
 *
 * Like the RAC's, the CLC private key is never kept: it is opened again
 * from the CLC with the RAC key when offline publishing needs it
 * (client_licensor_open_key).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_CLIENT_LICENSOR_H
#define MSDRM_CLIENT_LICENSOR_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "store/license_store.h"
#include "xrml/xrml_document.h"
#include "msdrmdefs.h"

/* The CLC's private key, from its ISSUE right, opened with `rac_key`
 * (issued_key_open). E_DRM_INVALID_LICENSE when it does not open. */
HRESULT client_licensor_open_key(const struct xrml_document *clc, EVP_PKEY *rac_key,
                                 EVP_PKEY **key);

/*
 * Accepts a CLC chain (`count` literal documents, leaf first) issued for
 * `rac` (whose private key is `rac_key`) by the rules above at time
 * `now`, and fills *item for the store (kind CLC, license ID, the user's
 * e-mail, the issuer's name, the ISSUE right's period, the chain's text;
 * store_item_clear it). E_DRM_INVALID_SERVER_RESPONSE for a chain that is
 * not valid or not bound to the RAC, E_DRM_VALIDITYTIME_VIOLATION for one
 * whose ISSUE right does not hold now, E_OUTOFMEMORY.
 */
HRESULT client_licensor_accept(size_t count, char *const *texts, const size_t *lengths,
                               const struct xrml_document *rac, EVP_PKEY *rac_key, int64_t now,
                               struct store_item *item);

#endif /* MSDRM_CLIENT_LICENSOR_H */
