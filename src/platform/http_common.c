/*
 * openmsdrm - the parts of platform/http.h both transports share.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/http_common.h"

#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

void http_response_clear(struct http_response *response)
{
    free(response->content_type);
    free(response->body);
    memset(response, 0, sizeof *response);
}

/* ASCII only, whatever the C locale says. */
static bool starts_with_ignoring_case(const char *text, const char *prefix)
{
    for (; *prefix != '\0'; text++, prefix++) {
        char c = *text >= 'A' && *text <= 'Z' ? (char)(*text - 'A' + 'a') : *text;
        if (c != *prefix)
            return false;
    }
    return true;
}

/* Printable ASCII and UTF-8 bytes only: no CR/LF that would end the header. */
static bool is_header_value(const char *value)
{
    if (value == NULL)
        return true;
    for (const unsigned char *c = (const unsigned char *)value; *c != '\0'; c++) {
        if ((*c < 0x20 && *c != '\t') || *c == 0x7f)
            return false;
    }
    return true;
}

HRESULT http_request_check(const struct http_request *request, struct http_limits *limits)
{
    if (request == NULL || request->url == NULL ||
        (request->body == NULL && request->body_length != 0))
        return E_INVALIDARG;
    const char *url = request->url;
    size_t scheme = starts_with_ignoring_case(url, "http://")    ? 7
                    : starts_with_ignoring_case(url, "https://") ? 8
                                                                 : 0;
    if (scheme == 0 || url[scheme] == '\0' || url[scheme] == '/' || !is_header_value(url) ||
        strchr(url, ' ') != NULL)
        return E_INVALIDARG;
    /* A SOAPAction is sent quoted: a quote inside would end it early. */
    if (!is_header_value(request->content_type) || !is_header_value(request->soap_action) ||
        !is_header_value(request->from) ||
        (request->soap_action != NULL && strchr(request->soap_action, '"') != NULL))
        return E_INVALIDARG;

    limits->total_timeout_ms = request->total_timeout_ms != 0 ? request->total_timeout_ms
                                                              : HTTP_DEFAULT_TOTAL_TIMEOUT_MS;
    limits->connect_timeout_ms = request->connect_timeout_ms != 0
                                     ? request->connect_timeout_ms
                                     : HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    if (limits->connect_timeout_ms > limits->total_timeout_ms)
        limits->connect_timeout_ms = limits->total_timeout_ms;
    limits->max_response =
        request->max_response != 0 ? request->max_response : HTTP_DEFAULT_MAX_RESPONSE;
    return S_OK;
}

bool http_request_is_https(const struct http_request *request)
{
    return starts_with_ignoring_case(request->url, "https://");
}

void http_body_init(struct http_body *body, size_t limit)
{
    memset(body, 0, sizeof *body);
    body->limit = limit;
}

/* Capacity for `needed` bytes and the final NUL, growing geometrically. */
static HRESULT reserve(struct http_body *body, size_t needed)
{
    if (needed < body->capacity)
        return S_OK;
    size_t capacity = body->capacity != 0 ? body->capacity : 4096;
    while (capacity <= needed)
        capacity = capacity > SIZE_MAX / 2 ? needed + 1 : capacity * 2;
    if (capacity > body->limit + 1)
        capacity = body->limit + 1;
    char *data = realloc(body->data, capacity);
    if (data == NULL)
        return E_OUTOFMEMORY;
    body->data = data;
    body->capacity = capacity;
    return S_OK;
}

HRESULT http_body_expect(struct http_body *body, uint64_t expected)
{
    if (expected > body->limit)
        return E_DRM_INVALID_SERVER_RESPONSE;
    return reserve(body, (size_t)expected);
}

HRESULT http_body_append(struct http_body *body, const void *bytes, size_t size)
{
    if (size > body->limit - body->length)
        return E_DRM_INVALID_SERVER_RESPONSE;
    HRESULT hr = reserve(body, body->length + size);
    if (FAILED(hr))
        return hr;
    memcpy(body->data + body->length, bytes, size);
    body->length += size;
    return S_OK;
}

HRESULT http_body_finish(struct http_body *body, struct http_response *response)
{
    HRESULT hr = reserve(body, body->length);
    if (FAILED(hr))
        return hr;
    body->data[body->length] = '\0';
    response->body = body->data;
    response->length = body->length;
    memset(body, 0, sizeof *body);
    return S_OK;
}

void http_body_free(struct http_body *body)
{
    free(body->data);
    memset(body, 0, sizeof *body);
}
