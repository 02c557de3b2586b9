/*
 * openmsdrm - a chain of XrML documents parsed as a whole: the string the
 * API takes for manifests, machine credentials, issuance licenses and
 * end-user licenses (leaf first, spec/xrml.md §1), each document through
 * the hardened parser (xrml_document.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XRML_CHAIN_H
#define MSDRM_XRML_CHAIN_H

#include <stddef.h>

#include "xrml/xrml_document.h"
#include "msdrmdefs.h"

/* More documents than any real chain has (a leaf and a few issuers). */
#define XRML_CHAIN_MAX_DOCUMENTS 32

struct xrml_chain {
    struct xrml_document **documents; /* leaf first */
    size_t count;
};

/*
 * Splits `text` into its documents and parses each. E_INVALIDARG for NULL;
 * E_DRM_INVALID_LICENSE when it is not a chain, has more than
 * XRML_CHAIN_MAX_DOCUMENTS or more than XRML_MAX_UNITS in all, or any
 * document is refused; E_OUTOFMEMORY.
 * On failure `chain` is left empty.
 */
HRESULT xrml_chain_parse(const WCHAR *text, struct xrml_chain *chain);

/* Releases the documents. */
void xrml_chain_clear(struct xrml_chain *chain);

/*
 * Checks the signatures: a single document with its own ISSUER key, a
 * longer chain link by link (xrml_verify_chain). Results as theirs.
 */
HRESULT xrml_chain_verify(const struct xrml_chain *chain);

/* The documents' exact texts joined back to back, as one heap UTF-8
 * string the caller frees; NULL when out of memory. */
char *xrml_chain_text(const struct xrml_chain *chain);

#endif /* MSDRM_XRML_CHAIN_H */
