/*
 * openmsdrm - what both HTTP transports (posix/http.c with libcurl,
 * win32/http.c with WinHTTP) do the same way: the defaults, the checks of
 * a request before anything is sent, and a response body that refuses to
 * grow past its limit while it is being received.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_HTTP_COMMON_H
#define MSDRM_PLATFORM_HTTP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/http.h"

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000u
#define HTTP_DEFAULT_TOTAL_TIMEOUT_MS 60000u
#define HTTP_DEFAULT_MAX_RESPONSE ((size_t)16 << 20)

/* A request's limits with the defaults filled in. */
struct http_limits {
    uint32_t connect_timeout_ms; /* never more than the total */
    uint32_t total_timeout_ms;
    size_t max_response;
};

/*
 * E_INVALIDARG unless the URL starts with http:// or https:// (any case)
 * and no header value holds a CR, LF or other control character (a header
 * smuggled into another). Fills *limits.
 */
HRESULT http_request_check(const struct http_request *request, struct http_limits *limits);

/* Whether the URL is https:// (after http_request_check). */
bool http_request_is_https(const struct http_request *request);

/* A response body being received: never longer than `limit`. */
struct http_body {
    char *data;
    size_t length;
    size_t capacity;
    size_t limit;
};

void http_body_init(struct http_body *body, size_t limit);

/*
 * Appends `size` bytes. E_DRM_INVALID_SERVER_RESPONSE when the body would
 * pass its limit (the caller stops receiving), E_OUTOFMEMORY.
 */
HRESULT http_body_append(struct http_body *body, const void *bytes, size_t size);

/* Room for `expected` bytes at once (a Content-Length); the same errors. */
HRESULT http_body_expect(struct http_body *body, uint64_t expected);

/* Hands the body, NUL-terminated, to *response. E_OUTOFMEMORY. */
HRESULT http_body_finish(struct http_body *body, struct http_response *response);

void http_body_free(struct http_body *body);

#endif /* MSDRM_PLATFORM_HTTP_COMMON_H */
