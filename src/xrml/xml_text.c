/*
 * openmsdrm - writing XrML text (see xml_text.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xml_text.h"

#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

void xml_text_init(struct xml_text *xml)
{
    memset(xml, 0, sizeof *xml);
}

void xml_text_free(struct xml_text *xml)
{
    free(xml->text);
    xml_text_init(xml);
}

HRESULT xml_text_status(const struct xml_text *xml)
{
    return xml->failed ? E_OUTOFMEMORY : S_OK;
}

static void append(struct xml_text *xml, const char *bytes, size_t length)
{
    if (xml->failed)
        return;
    if (xml->length + length + 1 > xml->capacity) {
        size_t capacity = xml->capacity == 0 ? 1024 : xml->capacity;
        while (capacity < xml->length + length + 1)
            capacity *= 2;
        char *grown = realloc(xml->text, capacity);
        if (grown == NULL) {
            xml->failed = true;
            return;
        }
        xml->text = grown;
        xml->capacity = capacity;
    }
    memcpy(xml->text + xml->length, bytes, length);
    xml->length += length;
    xml->text[xml->length] = '\0';
}

void xml_raw(struct xml_text *xml, const char *raw)
{
    append(xml, raw, strlen(raw));
}

void xml_raw_span(struct xml_text *xml, const char *raw, size_t length)
{
    append(xml, raw, length);
}

/* Writes `value` with & < > " escaped, and the characters a parser
 * would not read back as they are: CR in text (line ends are normalised
 * to LF), and in attribute values tab, LF and CR too (they read as
 * spaces), each as a character reference. */
static void escape(struct xml_text *xml, const char *value, bool attribute)
{
    const char *run = value;
    for (const char *p = value; *p != '\0'; p++) {
        const char *entity = NULL;
        switch (*p) {
        case '&':
            entity = "&amp;";
            break;
        case '<':
            entity = "&lt;";
            break;
        case '>':
            entity = "&gt;";
            break;
        case '"':
            entity = "&quot;";
            break;
        case '\r':
            entity = "&#13;";
            break;
        case '\n':
            entity = attribute ? "&#10;" : NULL;
            break;
        case '\t':
            entity = attribute ? "&#9;" : NULL;
            break;
        default:
            break;
        }
        if (entity == NULL)
            continue;
        append(xml, run, (size_t)(p - run));
        xml_raw(xml, entity);
        run = p + 1;
    }
    xml_raw(xml, run);
}

void xml_escaped(struct xml_text *xml, const char *value)
{
    escape(xml, value, false);
}

void xml_open(struct xml_text *xml, const char *name)
{
    xml_raw(xml, "<");
    xml_raw(xml, name);
}

void xml_attribute(struct xml_text *xml, const char *name, const char *value)
{
    xml_raw(xml, " ");
    xml_raw(xml, name);
    xml_raw(xml, "=\"");
    escape(xml, value, true);
    xml_raw(xml, "\"");
}

void xml_open_end(struct xml_text *xml)
{
    xml_raw(xml, ">");
}

void xml_empty_end(struct xml_text *xml)
{
    xml_raw(xml, " />");
}

void xml_close(struct xml_text *xml, const char *name)
{
    xml_raw(xml, "</");
    xml_raw(xml, name);
    xml_raw(xml, ">");
}

void xml_element(struct xml_text *xml, const char *name, const char *value)
{
    xml_open(xml, name);
    xml_open_end(xml);
    xml_escaped(xml, value);
    xml_close(xml, name);
}
