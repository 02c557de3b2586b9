/*
 * openmsdrm - the limits of one XrML document, enforced before libxml2
 * sees it (the scanner: depth, nodes, attributes; the parser: length).
 * Real licenses are kilobytes; a signed issuance license with a large
 * rights list stays under 2 MB (spec/guide.md §5).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XRML_LIMITS_H
#define MSDRM_XRML_LIMITS_H

#include <stddef.h>

#define XRML_MAX_UNITS ((size_t)4 << 20) /* UTF-16 units (8 MB) */
#define XRML_MAX_DEPTH 64                /* element nesting */
#define XRML_MAX_NODES 200000            /* elements, attributes and text runs */
#define XRML_MAX_ATTRIBUTES 32           /* of one element (XrML's have at most 4) */

#endif /* MSDRM_XRML_LIMITS_H */
