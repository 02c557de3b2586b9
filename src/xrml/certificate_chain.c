/*
 * openmsdrm - splitting certificate chains (see certificate_chain.h).
 * This reads no more than the document boundaries; the documents
 * themselves are parsed, with hostile input in mind, by the XrML layer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/certificate_chain.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "msdrmerror.h"

static bool starts_with(const WCHAR *text, const char *ascii)
{
    for (size_t i = 0; ascii[i] != '\0'; i++) {
        if (text[i] != (WCHAR)(unsigned char)ascii[i])
            return false;
    }
    return true;
}

static bool is_space(WCHAR c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* After a tag name: a space, '>' or '/' ends it (so `<XrMLx` is not XrML). */
static bool name_ends(WCHAR c)
{
    return is_space(c) || c == '>' || c == '/';
}

/* Index just past `terminator` from `from`, or 0 if it never comes. */
static size_t skip_past(const WCHAR *text, size_t from, const char *terminator)
{
    for (size_t i = from; text[i] != 0; i++) {
        if (starts_with(text + i, terminator)) {
            size_t length = 0;
            while (terminator[length] != '\0')
                length++;
            return i + length;
        }
    }
    return 0;
}

/* The end of the document starting at `start` (just past its `</XrML>`),
 * or 0 if it is not closed. */
static size_t document_end(const WCHAR *text, size_t start)
{
    unsigned depth = 0;
    size_t i = start;
    while (text[i] != 0) {
        if (i - start > CHAIN_MAX_UNITS)
            return 0;
        size_t next = i + 1;
        if (text[i] != '<') {
            /* character data or inside a tag */
        } else if (starts_with(text + i, "<!--")) {
            next = skip_past(text, i + 4, "-->");
        } else if (starts_with(text + i, "<![CDATA[")) {
            next = skip_past(text, i + 9, "]]>");
        } else if (starts_with(text + i, "<XrML") && name_ends(text[i + 5])) {
            depth++;
        } else if (starts_with(text + i, "</XrML") &&
                   (text[i + 6] == '>' || is_space(text[i + 6]))) {
            next = skip_past(text, i, ">");
            if (next != 0 && depth-- == 1)
                return next;
        }
        if (next == 0)
            return 0; /* an unclosed comment, CDATA section or end tag */
        i = next;
    }
    return 0;
}

HRESULT chain_split(const WCHAR *chain, struct chain_span *spans, size_t capacity, size_t *count)
{
    *count = 0;
    size_t i = 0;
    for (;;) {
        while (is_space(chain[i]))
            i++;
        if (chain[i] == 0)
            break;
        if (!starts_with(chain + i, "<XrML") || !name_ends(chain[i + 5]))
            return E_DRM_NOT_A_CHAIN;
        size_t end = document_end(chain, i);
        if (end == 0)
            return E_DRM_NOT_A_CHAIN;
        if (spans != NULL && *count < capacity)
            spans[*count] = (struct chain_span){i, end - i};
        (*count)++;
        i = end;
    }
    return *count > 0 ? S_OK : E_DRM_NOT_A_CHAIN;
}

HRESULT chain_count(const WCHAR *chain, UINT *count)
{
    size_t found = 0;
    HRESULT hr = chain_split(chain, NULL, 0, &found);
    if (SUCCEEDED(hr))
        *count = found > UINT32_MAX ? UINT32_MAX : (UINT)found;
    return hr;
}

HRESULT chain_get(const WCHAR *chain, UINT index, UINT *length, WCHAR *buffer)
{
    size_t found = 0;
    HRESULT hr = chain_split(chain, NULL, 0, &found);
    if (FAILED(hr))
        return hr;
    if (index >= found)
        return E_DRM_NO_MORE_DATA;
    struct chain_span *spans = malloc(((size_t)index + 1) * sizeof *spans);
    if (spans == NULL)
        return E_OUTOFMEMORY;
    hr = chain_split(chain, spans, (size_t)index + 1, &found);
    if (SUCCEEDED(hr))
        hr = wstr_return_span(chain + spans[index].start, spans[index].length, length, buffer);
    free(spans);
    return hr;
}

HRESULT chain_construct(UINT count, const PWSTR *certificates, UINT *length, WCHAR *buffer)
{
    size_t total = 0;
    for (UINT i = 0; i < count; i++) {
        size_t documents = 0;
        if (certificates[i] == NULL || FAILED(chain_split(certificates[i], NULL, 0, &documents)))
            return E_INVALIDARG;
        size_t units = wstr_length_bounded(certificates[i], CHAIN_MAX_UNITS);
        if (units == SIZE_MAX || (total += units) > CHAIN_MAX_UNITS)
            return E_INVALIDARG;
    }
    WCHAR *joined = malloc((total + 1) * sizeof(WCHAR));
    if (joined == NULL)
        return E_OUTOFMEMORY;
    size_t at = 0;
    for (UINT i = 0; i < count; i++) {
        size_t units = wstr_length_bounded(certificates[i], CHAIN_MAX_UNITS);
        memcpy(joined + at, certificates[i], units * sizeof(WCHAR));
        at += units;
    }
    HRESULT hr = wstr_return_span(joined, total, length, buffer);
    free(joined);
    return hr;
}
