/*
 * openmsdrm - certificate chains a server issues to this client (a rights
 * account or client licensor certificate, then the server's licensor
 * certificate chain: leaf first, spec/rmpr.md §2.4), read from the
 * literal UTF-8 text of each document as the reply carried it, and
 * verified before anything is kept:
 *  - 2 to XRML_CHAIN_MAX_DOCUMENTS documents, 8 MB at most in all, each
 *    through the hardened parser (xrml_document.h);
 *  - the leaf of the expected kind, each later one an issuing certificate
 *    (a server licensor or CA certificate, spec/xrml.md §4.1);
 *  - every signature, and every link: each document's ISSUER key is the
 *    next one's principal key (xrml_verify_chain);
 *  - the last a root, issued by its own key.
 * No root is trusted by name: there is no preconfigured list of servers
 * (test servers make their own root); what the chain proves is that one
 * server key issued it all, and the caller checks it is bound to us:
 * that its sealed private key opens with a key of ours (issued_key_open).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_ISSUED_CHAIN_H
#define MSDRM_ISSUED_CHAIN_H

#include <stddef.h>

#include "license/license_model.h"
#include "store/license_store.h"
#include "xrml/xrml_chain.h"
#include "msdrmdefs.h"

/*
 * Parses and verifies `count` documents (texts[i] of lengths[i] bytes)
 * into *chain (xrml_chain_clear it). E_DRM_INVALID_SERVER_RESPONSE for
 * anything the rules above refuse, E_OUTOFMEMORY; *chain is then empty.
 */
HRESULT issued_chain_read(size_t count, char *const *texts, const size_t *lengths,
                          enum license_kind leaf, struct xrml_chain *chain);

/*
 * Fills what the store keeps of an accepted chain whose leaf reads as
 * `leaf`: `kind`, the license ID, the principal's NAME (the user's
 * e-mail), the issuer's NAME and the chain's text (store_item_clear it).
 * The caller sets the validity. E_OUTOFMEMORY.
 */
HRESULT issued_chain_describe(const struct license_model *leaf, const struct xrml_chain *chain,
                              enum store_kind kind, struct store_item *item);

/*
 * The private key an issued certificate carries (a RAC's, a CLC's), from
 * `bits`, an ENABLINGBITS VALUE of `document` sealed to `opener`
 * (spec/xrml.md §7.2): the hash sealed beside it must be the document's
 * ISSUER hash, and the key the pair of `public_key` (the certificate's
 * principal key). E_DRM_INVALID_LICENSE otherwise, E_OUTOFMEMORY.
 */
HRESULT issued_key_open(const struct xrml_document *document, const char *bits, EVP_PKEY *opener,
                        EVP_PKEY *public_key, EVP_PKEY **key);

#endif /* MSDRM_ISSUED_CHAIN_H */
