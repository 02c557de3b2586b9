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

#include "util/object.h"
#include "util/wstring.h"
#include "xrml/xrml_scan.h"
#include "msdrmerror.h"
#include "platform/platform.h"

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
        if (*count == CHAIN_MAX_DOCUMENTS ||
            FAILED(xrml_scan_chain_document(chain, *length, at, &end)))
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
        *count = (UINT)found; /* at most CHAIN_MAX_DOCUMENTS */
    return hr;
}

/* --- the last chain split, for walks by index -------------------------------- */

/*
 * A caller walking a chain asks for document 0, 1, ... of the same
 * string, twice each (the two-call protocol). Splitting it each time
 * makes the walk quadratic in the number of documents; the last chain
 * split is kept instead, with a copy of its text. A call takes it only
 * when the caller's string is that text, unit for unit: the caller may
 * have changed its buffer, or passed another at the same address. That
 * comparison reads the chain once per call, as any correct answer must,
 * but costs a fraction of scanning it.
 */
struct chain_index {
    struct object base;
    WCHAR *text; /* the chain's units, not NUL-terminated */
    size_t length;
    size_t count;
    struct chain_span spans[CHAIN_MAX_DOCUMENTS];
};

static platform_mutex last_lock = PLATFORM_MUTEX_INIT;
static struct chain_index *last; /* one reference; replaced by the next chain split */

static void index_destroy(struct object *object)
{
    struct chain_index *index = (struct chain_index *)object;
    free(index->text);
    free(index);
}

/* Whether `chain` is the indexed text. Reads no further than its NUL: the
 * copy has none, so a shorter string differs at its NUL at the latest. */
static bool is_indexed(const struct chain_index *index, const WCHAR *chain)
{
    for (size_t i = 0; i < index->length; i++) {
        if (chain[i] != index->text[i])
            return false;
    }
    return chain[index->length] == 0;
}

static HRESULT index_new(const WCHAR *chain, struct chain_index **result)
{
    struct chain_index *index = malloc(sizeof *index);
    if (index == NULL)
        return E_OUTOFMEMORY;
    object_init(&index->base, index_destroy);
    index->text = NULL;
    HRESULT hr = split(chain, index->spans, CHAIN_MAX_DOCUMENTS, &index->count, &index->length);
    if (SUCCEEDED(hr) && (index->text = malloc(index->length * sizeof(WCHAR))) == NULL)
        hr = E_OUTOFMEMORY;
    if (FAILED(hr)) {
        object_unref(&index->base);
        return hr;
    }
    memcpy(index->text, chain, index->length * sizeof(WCHAR));
    *result = index;
    return S_OK;
}

/* The index of `chain` (one reference for the caller), the last one when
 * it is the same text, else a new one that becomes the last. */
static HRESULT index_get(const WCHAR *chain, struct chain_index **result)
{
    platform_mutex_lock(&last_lock);
    struct chain_index *index = last;
    if (index != NULL)
        object_ref(&index->base);
    platform_mutex_unlock(&last_lock);
    if (index != NULL && is_indexed(index, chain)) {
        *result = index;
        return S_OK;
    }
    if (index != NULL)
        object_unref(&index->base);

    HRESULT hr = index_new(chain, &index);
    if (FAILED(hr))
        return hr;
    object_ref(&index->base);
    platform_mutex_lock(&last_lock);
    struct chain_index *replaced = last;
    last = index;
    platform_mutex_unlock(&last_lock);
    if (replaced != NULL)
        object_unref(&replaced->base); /* never under the lock: it frees */
    *result = index;
    return S_OK;
}

HRESULT chain_get(const WCHAR *chain, UINT index, UINT *length, WCHAR *buffer)
{
    struct chain_index *found = NULL;
    HRESULT hr = index_get(chain, &found);
    if (FAILED(hr))
        return hr;
    if (index >= found->count)
        hr = E_DRM_NO_MORE_DATA;
    else
        hr = wstr_return_span(chain + found->spans[index].start, found->spans[index].length,
                              length, buffer);
    object_unref(&found->base);
    return hr;
}

HRESULT chain_construct(UINT count, const PWSTR *certificates, UINT *length, WCHAR *buffer)
{
    size_t total = 0, documents = 0;
    for (UINT i = 0; i < count; i++) {
        size_t found = 0, units = 0;
        if (certificates[i] == NULL || FAILED(split(certificates[i], NULL, 0, &found, &units)) ||
            (total += units) > CHAIN_MAX_UNITS || (documents += found) > CHAIN_MAX_DOCUMENTS)
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
