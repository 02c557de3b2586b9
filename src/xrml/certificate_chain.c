/*
 * openmsdrm - splitting certificate chains (see certificate_chain.h).
 * The boundaries are the scanner's (xrml_scan.h), the tokenizer the
 * parser trusts, so a chain splits into exactly the documents it reads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/certificate_chain.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "xrml/xrml_scan.h"
#include "msdrmerror.h"

static bool is_space(WCHAR c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* chain_split, also telling the chain's length in units. */
static HRESULT split(const WCHAR *chain, struct chain_span *spans, size_t capacity, size_t *count,
                     size_t *length)
{
    *count = 0;
    *length = wstr_length_bounded(chain, CHAIN_MAX_UNITS);
    if (*length == SIZE_MAX)
        return E_DRM_NOT_A_CHAIN;
    for (size_t at = 0;;) {
        while (at < *length && is_space(chain[at]))
            at++;
        if (at == *length)
            break;
        size_t end = 0;
        if (FAILED(xrml_scan_chain_document(chain, *length, at, &end)))
            return E_DRM_NOT_A_CHAIN;
        if (spans != NULL && *count < capacity)
            spans[*count] = (struct chain_span){at, end - at};
        (*count)++;
        at = end;
    }
    return *count > 0 ? S_OK : E_DRM_NOT_A_CHAIN;
}

HRESULT chain_split(const WCHAR *chain, struct chain_span *spans, size_t capacity, size_t *count)
{
    size_t length = 0;
    return split(chain, spans, capacity, count, &length);
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
        size_t found = 0, units = 0;
        if (certificates[i] == NULL || FAILED(split(certificates[i], NULL, 0, &found, &units)) ||
            (total += units) > CHAIN_MAX_UNITS)
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
