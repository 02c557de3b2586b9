/*
 * openmsdrm - the first look at an XrML document (see xrml_scan.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xrml_scan.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "msdrmerror.h"

/* Units read by every scan so far (xrml_scan_work). */
static atomic_size_t work;

/*
 * One tokenizer for both forms a document comes in: UTF-8 bytes (the
 * parser's copy) and the caller's UTF-16 units (chains, split where they
 * are). Only ASCII is markup, and a unit of either form is ASCII exactly
 * when its character is, so both read the same text the same way.
 */
struct scanner {
    const char *narrow; /* UTF-8, or NULL */
    const WCHAR *wide;  /* UTF-16, or NULL */
    size_t length;      /* units */
    size_t at;
    unsigned depth;
    size_t nodes;
    bool root_seen;
    bool root_closed;
    bool body_open; /* inside the BODY child of the root */
    struct xrml_scan *result;
    bool body_found;
    /* One more element whose span is wanted (xrml_scan_element). */
    size_t elements;       /* start tags seen */
    size_t target;         /* document-order index of the wanted element */
    unsigned target_depth; /* its depth once open; 0 while not open */
    size_t target_start;
    size_t target_length; /* 0 until it is closed */
    bool one_of_chain;    /* stop once the root element is closed */
};

static inline unsigned unit(const struct scanner *s, size_t i)
{
    return s->wide != NULL ? s->wide[i] : (unsigned char)s->narrow[i];
}

/* The unit at the scanner's position; 0 at the end (no text holds a NUL). */
static inline unsigned here(const struct scanner *s)
{
    return s->at < s->length ? unit(s, s->at) : 0;
}

static bool is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What ends a name: a table, since names are much of what is scanned. */
static const bool name_ends[128] = {
    ['\0'] = true, [' '] = true, ['\t'] = true, ['\r'] = true, ['\n'] = true, ['>'] = true,
    ['/'] = true,  ['='] = true, ['<'] = true,  ['"'] = true,  ['\''] = true};

static bool is_name_end(unsigned c)
{
    return c < sizeof name_ends && name_ends[c];
}

/* Whether the ASCII `literal` is at `from`. */
static bool text_at(const struct scanner *s, size_t from, const char *literal)
{
    for (size_t i = 0; literal[i] != '\0'; i++) {
        if (from + i >= s->length || unit(s, from + i) != (unsigned char)literal[i])
            return false;
    }
    return true;
}

static bool at_text(const struct scanner *s, const char *literal)
{
    return text_at(s, s->at, literal);
}

/* Moves past the next `terminator`; false if it never comes. */
static bool skip_past(struct scanner *s, const char *terminator)
{
    for (size_t i = s->at; i < s->length; i++) {
        if (unit(s, i) == (unsigned char)terminator[0] && text_at(s, i, terminator)) {
            s->at = i + strlen(terminator);
            return true;
        }
    }
    return false;
}

static bool count_node(struct scanner *s)
{
    return ++s->nodes <= XRML_MAX_NODES;
}

/* At '&': only the predefined entities and character references. */
static bool skip_reference(struct scanner *s)
{
    static const char *const predefined[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
    for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++) {
        if (at_text(s, predefined[i])) {
            s->at += strlen(predefined[i]);
            return true;
        }
    }
    if (!at_text(s, "&#"))
        return false;
    size_t i = s->at + 2;
    bool hex = i < s->length && unit(s, i) == 'x';
    if (hex)
        i++;
    size_t digits = 0;
    for (; i < s->length && digits <= 8; i++, digits++) {
        unsigned c = unit(s, i);
        if (!((c >= '0' && c <= '9') ||
              (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))))
            break;
    }
    if (digits == 0 || digits > 8 || i >= s->length || unit(s, i) != ';')
        return false;
    s->at = i + 1;
    return true;
}

/* Character data up to the next '<'. Outside the root only whitespace. */
/*
 * Moves over plain character data, up to the next '<' or '&' or the end;
 * false when it held anything but whitespace (asked only outside the
 * root: inside, text may be anything). Most of a document's units are
 * here (base64 values), so each form has its own loop.
 */
static bool skip_plain_text(struct scanner *s)
{
    size_t at = s->at;
    bool blank = true;
    if (s->depth == 0) {
        for (; at < s->length && unit(s, at) != '<' && unit(s, at) != '&'; at++)
            blank = blank && is_space(unit(s, at));
    } else if (s->narrow != NULL) {
        /* memchr is far faster than a loop: to the next '<', then to any
         * '&' before it. */
        const char *markup = memchr(s->narrow + at, '<', s->length - at);
        size_t end = markup != NULL ? (size_t)(markup - s->narrow) : s->length;
        const char *reference = memchr(s->narrow + at, '&', end - at);
        at = reference != NULL ? (size_t)(reference - s->narrow) : end;
    } else {
        const WCHAR *text = s->wide;
        while (at < s->length && text[at] != '<' && text[at] != '&')
            at++;
    }
    s->at = at;
    return blank;
}

static bool scan_text(struct scanner *s)
{
    bool blank = true;
    for (;;) {
        blank = skip_plain_text(s) && blank;
        if (here(s) != '&')
            break;
        blank = false;
        if (!skip_reference(s))
            return false;
    }
    if (s->depth == 0)
        return blank;
    return count_node(s);
}

static bool scan_name(struct scanner *s, size_t *start, size_t *length)
{
    *start = s->at;
    while (s->at < s->length && !is_name_end(unit(s, s->at)))
        s->at++;
    *length = s->at - *start;
    return *length > 0;
}

static void skip_spaces(struct scanner *s)
{
    while (s->at < s->length && is_space(unit(s, s->at)))
        s->at++;
}

/* A quoted value; *empty says whether it had no character at all. */
static bool scan_attribute_value(struct scanner *s, bool *empty)
{
    unsigned quote = here(s);
    if (quote != '"' && quote != '\'')
        return false;
    s->at++;
    *empty = here(s) == quote;
    while (s->at < s->length && unit(s, s->at) != quote) {
        unsigned c = unit(s, s->at);
        if (c == '<')
            return false;
        if (c == '&') {
            if (!skip_reference(s))
                return false;
        } else {
            s->at++;
        }
    }
    if (s->at >= s->length)
        return false;
    s->at++;
    return true;
}

static bool name_is(const struct scanner *s, size_t start, size_t length, const char *name)
{
    return length == strlen(name) && text_at(s, start, name);
}

/*
 * XrML uses no namespaces: published documents declare none but the
 * empty default (xmlns="", which declares nothing). A prefix bound on the
 * root, outside the signed BODY, would change how the signed bytes read
 * (<p:EDIT> as EDIT in namespace p), so prefixed names are refused, and
 * so is every declaration but xmlns="".
 */
static bool is_prefixed(const struct scanner *s, size_t start, size_t length)
{
    for (size_t i = start; i < start + length; i++) {
        if (unit(s, i) == ':')
            return true;
    }
    return false;
}

static bool scan_start_tag(struct scanner *s)
{
    size_t tag = s->at++;
    size_t name, name_length;
    if (!scan_name(s, &name, &name_length) || is_prefixed(s, name, name_length) || !count_node(s))
        return false;
    if (s->depth == 0) {
        if (s->root_seen || !name_is(s, name, name_length, "XrML"))
            return false;
        s->root_seen = true;
    }
    /* One BODY only (spec/xrml.md §1: XrML (BODY, SIGNATURE?)): with two,
     * the span we hash and the element the tree reads could differ. */
    bool is_body = s->depth == 1 && name_is(s, name, name_length, "BODY");
    if (is_body && s->body_found)
        return false;
    bool is_target = s->elements++ == s->target;
    if (is_target)
        s->target_start = tag;

    for (size_t attributes = 0;; attributes++) {
        bool spaced = is_space(here(s));
        skip_spaces(s);
        if (s->at >= s->length)
            return false;
        if (here(s) == '>') {
            s->at++;
            if (++s->depth > XRML_MAX_DEPTH)
                return false;
            if (is_body) {
                s->body_found = true;
                s->body_open = true;
                s->result->body_start = tag;
            }
            if (is_target)
                s->target_depth = s->depth;
            return true;
        }
        if (at_text(s, "/>")) {
            s->at += 2;
            if (is_body) {
                s->body_found = true;
                s->result->body_start = tag;
                s->result->body_length = s->at - tag;
            }
            if (is_target)
                s->target_length = s->at - tag;
            if (s->depth == 0)
                s->root_closed = true;
            return true;
        }
        /* libxml2 looks for duplicate attributes pairwise: bound them. */
        size_t attribute, attribute_length;
        if (!spaced || attributes >= XRML_MAX_ATTRIBUTES ||
            !scan_name(s, &attribute, &attribute_length) ||
            is_prefixed(s, attribute, attribute_length) || !count_node(s))
            return false;
        skip_spaces(s);
        if (here(s) != '=')
            return false;
        s->at++;
        skip_spaces(s);
        bool empty = false;
        if (!scan_attribute_value(s, &empty) ||
            (name_is(s, attribute, attribute_length, "xmlns") && !empty))
            return false;
    }
}

static bool scan_end_tag(struct scanner *s)
{
    s->at += 2;
    size_t name, name_length;
    if (!scan_name(s, &name, &name_length) || is_prefixed(s, name, name_length))
        return false;
    skip_spaces(s);
    if (here(s) != '>' || s->depth == 0)
        return false;
    s->at++;
    if (s->target_depth != 0 && s->depth == s->target_depth) {
        s->target_length = s->at - s->target_start;
        s->target_depth = 0;
    }
    s->depth--;
    if (s->depth == 1 && s->body_open) {
        if (!name_is(s, name, name_length, "BODY"))
            return false;
        s->body_open = false;
        s->result->body_length = s->at - s->result->body_start;
    }
    if (s->depth == 0)
        s->root_closed = true;
    return true;
}

static bool scan_markup(struct scanner *s)
{
    if (at_text(s, "<!--")) {
        s->at += 4;
        return skip_past(s, "-->") && count_node(s);
    }
    if (at_text(s, "<![CDATA[")) {
        s->at += 9;
        return s->depth > 0 && skip_past(s, "]]>") && count_node(s);
    }
    if (at_text(s, "<!"))
        return false; /* DOCTYPE and every other declaration */
    if (at_text(s, "<?")) {
        s->at += 2;
        return skip_past(s, "?>") && count_node(s);
    }
    if (at_text(s, "</"))
        return scan_end_tag(s);
    if (s->root_closed)
        return false; /* a second top-level element */
    return scan_start_tag(s);
}

static HRESULT run(struct scanner *s)
{
    size_t start = s->at;
    /* NUL bytes are refused; a chain has no NUL unit (its length ends at
     * the first), and no byte order mark or prolog before a document. */
    bool ok = s->one_of_chain ? at_text(s, "<XrML") : memchr(s->narrow, '\0', s->length) == NULL;
    if (!s->one_of_chain && at_text(s, "\xEF\xBB\xBF"))
        s->at = 3; /* a byte order mark */
    while (ok && s->at < s->length && !(s->one_of_chain && s->root_closed))
        ok = here(s) == '<' ? scan_markup(s) : scan_text(s);
    atomic_fetch_add_explicit(&work, s->at - start, memory_order_relaxed);
    if (!ok || !s->root_closed || !s->body_found || s->body_open || s->depth != 0)
        return E_DRM_INVALID_LICENSE;
    return S_OK;
}

HRESULT xrml_scan(const char *text, size_t length, struct xrml_scan *scan)
{
    struct scanner s = {.narrow = text, .length = length, .result = scan, .target = SIZE_MAX};
    return run(&s);
}

HRESULT xrml_scan_chain_document(const WCHAR *chain, size_t length, size_t start, size_t *end)
{
    struct xrml_scan scan;
    struct scanner s = {.wide = chain,
                        .length = length,
                        .at = start,
                        .result = &scan,
                        .target = SIZE_MAX,
                        .one_of_chain = true};
    HRESULT hr = run(&s);
    if (SUCCEEDED(hr))
        *end = s.at;
    return hr;
}

size_t xrml_scan_work(void)
{
    return atomic_load_explicit(&work, memory_order_relaxed);
}

HRESULT xrml_scan_element(const char *text, size_t length, size_t index, size_t *start,
                          size_t *span)
{
    struct xrml_scan scan;
    struct scanner s = {.narrow = text, .length = length, .result = &scan, .target = index};
    HRESULT hr = run(&s);
    if (SUCCEEDED(hr) && s.target_length == 0)
        hr = E_INVALIDARG; /* fewer elements than that */
    if (SUCCEEDED(hr)) {
        *start = s.target_start;
        *span = s.target_length;
    }
    return hr;
}
