/*
 * openmsdrm - parsing a chain of XrML documents (see xrml_chain.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "xrml/xrml_chain.h"

#include <stdlib.h>
#include <string.h>

#include "xrml/certificate_chain.h"
#include "msdrmerror.h"

HRESULT xrml_chain_parse(const WCHAR *text, struct xrml_chain *chain)
{
    chain->documents = NULL;
    chain->count = 0;
    if (text == NULL)
        return E_INVALIDARG;
    struct chain_span spans[XRML_CHAIN_MAX_DOCUMENTS];
    size_t count = 0; /* all of them, stored or not */
    HRESULT hr = chain_split(text, spans, XRML_CHAIN_MAX_DOCUMENTS, &count);
    if (hr == E_DRM_NOT_A_CHAIN || (SUCCEEDED(hr) && count > XRML_CHAIN_MAX_DOCUMENTS))
        return E_DRM_INVALID_LICENSE;
    if (FAILED(hr))
        return hr;
    /* The whole chain within one document's limit: memory stays bounded by
     * one document's worth, not XRML_CHAIN_MAX_DOCUMENTS times that. */
    size_t units = 0;
    for (size_t i = 0; i < count; i++) {
        units += spans[i].length;
        if (units > XRML_MAX_UNITS)
            return E_DRM_INVALID_LICENSE;
    }
    struct xrml_document **documents = calloc(count, sizeof *documents);
    if (documents == NULL)
        return E_OUTOFMEMORY;
    size_t parsed = 0;
    for (; SUCCEEDED(hr) && parsed < count; parsed++)
        hr = xrml_parse_utf16(text + spans[parsed].start, spans[parsed].length, &documents[parsed]);
    if (FAILED(hr)) {
        for (size_t i = 0; i < parsed; i++)
            xrml_document_unref(documents[i]);
        free(documents);
        return hr;
    }
    chain->documents = documents;
    chain->count = count;
    return S_OK;
}

void xrml_chain_clear(struct xrml_chain *chain)
{
    for (size_t i = 0; i < chain->count; i++)
        xrml_document_unref(chain->documents[i]);
    free(chain->documents);
    chain->documents = NULL;
    chain->count = 0;
}

HRESULT xrml_chain_verify(const struct xrml_chain *chain)
{
    if (chain->count == 0)
        return E_DRM_INVALID_LICENSE;
    if (chain->count == 1)
        return xrml_verify_with_issuer_key(chain->documents[0]);
    return xrml_verify_chain(chain->documents, chain->count);
}

char *xrml_chain_text(const struct xrml_chain *chain)
{
    size_t length = 0;
    for (size_t i = 0; i < chain->count; i++)
        length += chain->documents[i]->length;
    char *text = malloc(length + 1);
    if (text == NULL)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < chain->count; i++) {
        memcpy(text + at, chain->documents[i]->text, chain->documents[i]->length);
        at += chain->documents[i]->length;
    }
    text[at] = '\0';
    return text;
}
