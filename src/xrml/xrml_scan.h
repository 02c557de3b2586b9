/*
 * openmsdrm - the first look at an XrML document, before libxml2 sees it:
 * a small tokenizer that enforces our limits and finds the BODY element's
 * exact text (see xrml_document.h for why both matter).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XRML_SCAN_H
#define MSDRM_XRML_SCAN_H

#include <stddef.h>

#include "xrml/xrml_limits.h"
#include "msdrmdefs.h"

struct xrml_scan {
    size_t body_start;  /* byte offset of `<BODY` */
    size_t body_length; /* bytes through its `</BODY>` */
};

/*
 * Scans `length` bytes of UTF-8. Refuses (E_DRM_INVALID_LICENSE): a NUL
 * byte, a DOCTYPE or any other `<!` declaration, an entity reference other
 * than &lt; &gt; &amp; &quot; &apos; and character references, nesting
 * deeper than XRML_MAX_DEPTH, more than XRML_MAX_NODES nodes, an element
 * with more than XRML_MAX_ATTRIBUTES attributes, a prefixed element or
 * attribute name or a namespace declaration (xmlns="" aside: it declares
 * nothing; XrML uses no namespaces), anything but one
 * top-level element named XrML (a leading XML declaration, comments and
 * whitespace aside), or an XrML element without exactly one BODY child.
 * It is not a full well-formedness check: libxml2 makes that afterwards.
 */
HRESULT xrml_scan(const char *text, size_t length, struct xrml_scan *scan);

/*
 * The same checks on one document of a chain, read where it is: the
 * document at `start` of `chain` (`length` units, the chain's length up
 * to its NUL) must begin with its `<XrML` root, and ends where the root
 * element closes: *end is the offset just past it. What follows is the
 * caller's (the rest of the chain). E_DRM_INVALID_LICENSE as xrml_scan.
 */
HRESULT xrml_scan_chain_document(const WCHAR *chain, size_t length, size_t start, size_t *end);

/* Units (bytes or UTF-16 units) every scan so far has read: for tests
 * that check work stays linear in what the caller gives. */
size_t xrml_scan_work(void);

/*
 * The exact text of element number `index` (0: the root; document order,
 * as a tree walk meets them) of a document xrml_scan accepts: from its `<`
 * through its end tag. E_INVALIDARG when there are fewer elements.
 */
HRESULT xrml_scan_element(const char *text, size_t length, size_t index, size_t *start,
                          size_t *span);

#endif /* MSDRM_XRML_SCAN_H */
