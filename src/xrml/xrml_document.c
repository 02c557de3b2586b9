/*
 * openmsdrm - parsing XrML documents and walking their trees (see
 * xrml_document.h). Keys and signatures are in xrml_verify.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xrml_document.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "util/trace.h"
#include "util/wstring.h"
#include "xrml/xml_reader.h"
#include "xrml/xrml_scan.h"
#include "msdrmerror.h"

static void document_destroy(struct object *object)
{
    struct xrml_document *document = (struct xrml_document *)object;
    xmlFreeDoc(document->tree);
    free(document->text);
    free(document);
}

static const struct object_vtbl document_vtbl = {document_destroy};

/* Takes ownership of `text` (length bytes, NUL-terminated). */
static HRESULT parse_owned(char *text, size_t length, struct xrml_document **result)
{
    struct xrml_scan scan;
    HRESULT hr = xrml_scan(text, length, &scan);
    if (FAILED(hr)) {
        trace_note("XrML refused before parsing (limits, DOCTYPE, entities or shape)");
        free(text);
        return hr;
    }
    struct xrml_document *document = calloc(1, sizeof *document);
    if (document == NULL) {
        free(text);
        return E_OUTOFMEMORY;
    }
    object_init(&document->base, &document_vtbl);
    document->text = text;
    document->length = length;
    document->body_start = scan.body_start;
    document->body_length = scan.body_length;

    hr = xml_reader_parse(text, length, NULL, NULL, &document->tree);
    if (FAILED(hr)) {
        trace_note("XrML refused: not well-formed XML");
        xrml_document_unref(document);
        return hr;
    }
    /* The scanner found the one unprefixed BODY under the root; with the
     * root in no namespace, that is also the BODY the tree holds (a
     * default namespace on the root would hide it and let a second BODY,
     * resetting the namespace, be read instead of the one we hash). */
    document->root = xmlDocGetRootElement(document->tree);
    document->body = xrml_child(document->root, "BODY");
    if (document->root == NULL || document->root->ns != NULL || document->body == NULL ||
        document->tree->intSubset != NULL) {
        xrml_document_unref(document);
        return E_DRM_INVALID_LICENSE;
    }
    *result = document;
    return S_OK;
}

/* UTF-16 units of UTF-8 text: one per lead byte, two for four-byte
 * sequences (invalid text is refused later; this only bounds it). */
static size_t utf16_units(const char *text, size_t length)
{
    size_t units = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)text[i];
        units += (size_t)((c & 0xC0) != 0x80) + (size_t)(c >= 0xF0);
    }
    return units;
}

HRESULT xrml_parse_utf8(const char *text, size_t length, struct xrml_document **document)
{
    /* The limit is in UTF-16 units whichever way a document comes. */
    if (length > XRML_MAX_UNITS * 3 || utf16_units(text, length) > XRML_MAX_UNITS)
        return E_DRM_INVALID_LICENSE;
    char *copy = malloc(length + 1);
    if (copy == NULL)
        return E_OUTOFMEMORY;
    memcpy(copy, text, length);
    copy[length] = '\0';
    return parse_owned(copy, length, document);
}

HRESULT xrml_parse_utf16(const WCHAR *text, size_t length, struct xrml_document **document)
{
    if (length > XRML_MAX_UNITS)
        return E_DRM_INVALID_LICENSE;
    /* Checked, then converted straight from the caller's text; NUL units
     * become NUL bytes, which the scanner refuses. */
    if (!wstr_is_valid_utf16(text, length))
        return E_DRM_INVALID_LICENSE;
    size_t bytes = 0;
    char *utf8 = wstr_to_utf8_span(text, length, &bytes);
    if (utf8 == NULL)
        return E_OUTOFMEMORY;
    return parse_owned(utf8, bytes, document);
}

HRESULT xrml_parse_string(const WCHAR *text, struct xrml_document **document)
{
    if (text == NULL)
        return E_INVALIDARG;
    size_t length = wstr_length_bounded(text, XRML_MAX_UNITS);
    if (length == SIZE_MAX) {
        trace_note("XrML refused: longer than XRML_MAX_UNITS");
        return E_DRM_INVALID_LICENSE;
    }
    return xrml_parse_utf16(text, length, document);
}

const char *xrml_body_type(const struct xrml_document *document)
{
    const char *type = xrml_attribute(document->body, "type");
    return type != NULL ? type : "";
}

static bool is_element_named(xmlNodePtr node, const char *name, size_t name_length)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strncmp((const char *)node->name, name, name_length) == 0 &&
           node->name[name_length] == '\0';
}

xmlNodePtr xrml_child(xmlNodePtr parent, const char *name)
{
    if (parent == NULL)
        return NULL;
    size_t length = strlen(name);
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (is_element_named(child, name, length))
            return child;
    }
    return NULL;
}

/* One step of a path from `node`; recursion depth is the path's length. */
static size_t select_from(xmlNodePtr node, const char *path, xmlNodePtr *found, size_t capacity,
                          size_t count)
{
    const char *slash = strchr(path, '/');
    size_t length = slash != NULL ? (size_t)(slash - path) : strlen(path);
    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (!is_element_named(child, path, length))
            continue;
        if (slash != NULL) {
            count = select_from(child, slash + 1, found, capacity, count);
        } else {
            if (found != NULL && count < capacity)
                found[count] = child;
            count++;
        }
    }
    return count;
}

size_t xrml_select(xmlNodePtr from, const char *path, xmlNodePtr *found, size_t capacity)
{
    if (from == NULL)
        return 0;
    return select_from(from, path, found, capacity, 0);
}

xmlNodePtr xrml_select_first(xmlNodePtr from, const char *path)
{
    xmlNodePtr first = NULL;
    return xrml_select(from, path, &first, 1) > 0 ? first : NULL;
}

/* The single text child of a node, or "" when it has none. */
static const char *only_text(xmlNodePtr node)
{
    xmlNodePtr child = node->children;
    if (child == NULL)
        return "";
    if (child->next != NULL ||
        (child->type != XML_TEXT_NODE && child->type != XML_CDATA_SECTION_NODE))
        return NULL;
    return child->content != NULL ? (const char *)child->content : "";
}

const char *xrml_attribute(xmlNodePtr element, const char *name)
{
    if (element == NULL)
        return NULL;
    for (xmlAttrPtr attribute = element->properties; attribute != NULL;
         attribute = attribute->next) {
        if (attribute->ns == NULL && strcmp((const char *)attribute->name, name) == 0)
            return only_text((xmlNodePtr)attribute);
    }
    return NULL;
}

const char *xrml_text(xmlNodePtr element)
{
    return element != NULL ? only_text(element) : NULL;
}

static bool read_number(const char *text, size_t digits, int minimum, int maximum, WORD *value)
{
    int number = 0;
    for (size_t i = 0; i < digits; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        number = number * 10 + (text[i] - '0');
    }
    if (number < minimum || number > maximum)
        return false;
    *value = (WORD)number;
    return true;
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* Days from 1970-01-01 to a date of the proleptic Gregorian calendar. */
static int64_t days_since_1970(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    unsigned year_of_era = (unsigned)(year - era * 400);
    unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + (int64_t)day_of_era - 719468;
}

/* The inverse of days_since_1970: the date `days` after 1970-01-01. */
static void date_of_day(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned day_of_era = (unsigned)(days - era * 146097);
    unsigned year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    unsigned shifted_month = (5 * day_of_year + 2) / 153; /* March = 0 */
    *day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    *month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    *year = (int64_t)year_of_era + era * 400 + (*month <= 2);
}

int64_t xrml_time_seconds(const SYSTEMTIME *utc)
{
    return days_since_1970(utc->wYear, utc->wMonth, utc->wDay) * 86400 +
           (int64_t)utc->wHour * 3600 + (int64_t)utc->wMinute * 60 + utc->wSecond;
}

bool xrml_parse_time(const char *text, SYSTEMTIME *time)
{
    if (text == NULL)
        return false;
    size_t length = strlen(text);
    if ((length != 16 && length != 19) || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || (length == 19 && text[16] != ':'))
        return false;
    SYSTEMTIME t = {0};
    if (!read_number(text, 4, 1601, 9999, &t.wYear) ||
        !read_number(text + 5, 2, 1, 12, &t.wMonth) || !read_number(text + 8, 2, 1, 31, &t.wDay) ||
        !read_number(text + 11, 2, 0, 23, &t.wHour) ||
        !read_number(text + 14, 2, 0, 59, &t.wMinute) ||
        (length == 19 && !read_number(text + 17, 2, 0, 59, &t.wSecond)))
        return false;
    if (t.wDay > days_in_month(t.wYear, t.wMonth))
        return false;
    /* 1970-01-01 was a Thursday (SYSTEMTIME counts from Sunday = 0). */
    int64_t days = days_since_1970(t.wYear, t.wMonth, t.wDay);
    t.wDayOfWeek = (WORD)(((days + 4) % 7 + 7) % 7);
    *time = t;
    return true;
}

bool xrml_format_time(int64_t seconds, char text[XRML_TIME_TEXT])
{
    /* 1601-01-01 and 10000-01-01, the range xrml_parse_time reads. */
    if (seconds < -11644473600LL || seconds >= 253402300800LL)
        return false;
    int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    int64_t of_day = seconds - days * 86400;
    int64_t year;
    unsigned month, day;
    date_of_day(days, &year, &month, &day);
    unsigned hour = (unsigned)(of_day / 3600), minute = (unsigned)(of_day / 60 % 60),
             second = (unsigned)(of_day % 60);
    char formatted[64]; /* more than the values can take, so nothing is cut */
    int length = snprintf(formatted, sizeof formatted, "%04d-%02u-%02uT%02u:%02u:%02u", (int)year,
                          month, day, hour, minute, second);
    if (length != XRML_TIME_TEXT - 1)
        return false;
    if (second == 0)
        length -= 3;
    memcpy(text, formatted, (size_t)length);
    text[length] = '\0';
    return true;
}
