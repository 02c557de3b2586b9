/*
 * openmsdrm - the one way the library reads XML with libxml2, whoever
 * sent it (an application's license, a server's reply, a client's
 * request): no DTD at all (the parse stops at a DOCTYPE, before its
 * internal subset or any entity declaration is read), no entity
 * substitution, no network, no attribute defaulting, libxml2's messages
 * kept off stderr. Optionally, limits on nesting and on elements plus
 * attributes enforced while parsing (so a hostile text stops early), and
 * the byte span of every element in the input, for text that must be
 * passed on unchanged (signed XrML inside SOAP, spec/rmpr.md §2.4).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XML_READER_H
#define MSDRM_XML_READER_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "msdrmdefs.h"

struct xml_span {
    size_t start;  /* byte offset of the element's `<` */
    size_t length; /* through the `>` that ends it */
};

/* Element spans, in document order; each element's _private holds its
 * index + 1 when spans were recorded. */
struct xml_spans {
    size_t count;
    size_t capacity;
    struct xml_span *items;
};

struct xml_reader_limits {
    size_t max_depth; /* element nesting; 0: libxml2's own limit */
    size_t max_nodes; /* elements plus attributes; 0: no limit */
};

/*
 * Parses `length` bytes (at most INT_MAX) of UTF-8 into *tree (free with
 * xmlFreeDoc). `limits` and `spans` may be NULL. Fails with
 * E_DRM_INVALID_LICENSE for text that is not well-formed, has a DOCTYPE,
 * is not UTF-8 (a UTF-16 byte order mark, another declared encoding), or
 * passes a limit; E_OUTOFMEMORY. Callers that read something other than
 * a license map that code to their own.
 */
HRESULT xml_reader_parse(const char *text, size_t length, const struct xml_reader_limits *limits,
                         struct xml_spans *spans, xmlDocPtr *tree);

/* The span of `element` in a tree parsed with spans, or false. */
bool xml_spans_find(const struct xml_spans *spans, const xmlNode *element, struct xml_span *span);

void xml_spans_free(struct xml_spans *spans);

#endif /* MSDRM_XML_READER_H */
