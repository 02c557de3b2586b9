/*
 * openmsdrm - writing XrML text deliberately, byte by byte. Signatures
 * cover the exact text of a BODY (spec/xrml.md §0), so documents we sign
 * are written in the style real clients use (no whitespace between
 * elements, empty elements as `<NAME a="v" />`) and never re-serialised.
 *
 * Any allocation failure is remembered and reported once, by
 * xml_text_status, so that building code can write straight through.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XML_TEXT_H
#define MSDRM_XML_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "msdrmdefs.h"

struct xml_text {
    char *text; /* NUL-terminated UTF-8 */
    size_t length;
    size_t capacity;
    bool failed;
};

void xml_text_init(struct xml_text *xml);
void xml_text_free(struct xml_text *xml);
/* S_OK, or E_OUTOFMEMORY if any write failed. */
HRESULT xml_text_status(const struct xml_text *xml);

void xml_raw(struct xml_text *xml, const char *raw);
/* `length` bytes as they are (a literal document inserted whole). */
void xml_raw_span(struct xml_text *xml, const char *raw, size_t length);
/* Character data, with & < > " and CR escaped (so that it reads back as
 * it is); xml_attribute escapes a value so, and tab and LF too. */
void xml_escaped(struct xml_text *xml, const char *value);

/* `<NAME`, then attributes, then `>` (xml_open_end) or ` />` (xml_empty_end). */
void xml_open(struct xml_text *xml, const char *name);
void xml_attribute(struct xml_text *xml, const char *name, const char *value);
void xml_open_end(struct xml_text *xml);
void xml_empty_end(struct xml_text *xml);
void xml_close(struct xml_text *xml, const char *name);

/* `<NAME>value</NAME>` */
void xml_element(struct xml_text *xml, const char *name, const char *value);

#endif /* MSDRM_XML_TEXT_H */
