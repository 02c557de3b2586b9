/*
 * openmsdrm - certificate chains as the string API sees them: the plain
 * concatenation of complete XrML documents, leaf first (spec/xrml.md §1),
 * with nothing but whitespace between them.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_CERTIFICATE_CHAIN_H
#define MSDRM_CERTIFICATE_CHAIN_H

#include <stddef.h>

#include "xrml/xrml_limits.h"
#include "msdrmdefs.h"

/* Longest chain read, in UTF-16 units: what xrml_chain_parse reads of a
 * chain in all (one document's worth), so every chain the library can use
 * fits. It bounds a walk too: each call reads the whole chain. */
#define CHAIN_MAX_UNITS XRML_MAX_UNITS

/* Most documents in one chain. Real chains have a leaf and a few issuers
 * (2 to 6); xrml_chain_parse reads 32 at most. Construct, count and
 * deconstruct handle up to this many. */
#define CHAIN_MAX_DOCUMENTS 1024

struct chain_span {
    size_t start;  /* offset of `<XrML` */
    size_t length; /* through `</XrML>` */
};

/*
 * Finds the documents of `chain`: stores up to `capacity` spans and the
 * total count in *count (spans may be NULL to count only). The documents
 * are found by the scanner that checks them before parsing (xrml_scan.h),
 * each from its `<XrML` to where its root element closes, so they are
 * exactly the documents the parser reads: comments, processing
 * instructions and CDATA sections are skipped as it skips them, and each
 * must pass its checks. E_DRM_NOT_A_CHAIN for anything but such documents
 * separated by whitespace, no document at all, more than
 * CHAIN_MAX_DOCUMENTS, or more than CHAIN_MAX_UNITS.
 */
HRESULT chain_split(const WCHAR *chain, struct chain_span *spans, size_t capacity, size_t *count);

/* DRMGetCertificateChainCount. */
HRESULT chain_count(const WCHAR *chain, UINT *count);

/* DRMDeconstructCertificateChain: document `index` by the two-call
 * protocol; E_DRM_NO_MORE_DATA past the last. Walking a chain by index
 * scans it once: the last chain split is remembered, with a copy of its
 * text that each call compares with the caller's string. */
HRESULT chain_get(const WCHAR *chain, UINT index, UINT *length, WCHAR *buffer);

/*
 * DRMConstructCertificateChain: the concatenation of `count` strings, each
 * itself one or more XrML documents (E_INVALIDARG otherwise, and for more
 * than CHAIN_MAX_DOCUMENTS or CHAIN_MAX_UNITS in all), by the two-call
 * protocol.
 */
HRESULT chain_construct(UINT count, const PWSTR *certificates, UINT *length, WCHAR *buffer);

#endif /* MSDRM_CERTIFICATE_CHAIN_H */
