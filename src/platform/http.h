/*
 * openmsdrm - the operating system's HTTP client: one POST, as MS-RMPR
 * needs it (spec/rmpr.md §2.1). WinHTTP on Windows (a system DLL: with
 * the system's proxy settings and automatic logon, so Negotiate/NTLM
 * challenges are answered with the logged-on user's credentials), libcurl
 * elsewhere. HTTPS always verifies the server's certificate.
 *
 * The library calls it through net/http_transport.h, which may put a
 * scripted transport in its place for tests.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_HTTP_H
#define MSDRM_PLATFORM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

struct http_request {
    const char *url;          /* http:// or https://, UTF-8 */
    const char *content_type; /* e.g. "text/xml; charset=utf-8" */
    const char *soap_action;  /* SOAPAction value, sent quoted; NULL: no header */
    const char *from;         /* the From header (the user's e-mail); NULL: none */
    const char *body;
    size_t body_length;
    uint32_t connect_timeout_ms; /* 0: the transport's default */
    uint32_t total_timeout_ms;   /* the whole exchange; 0: the default */
    size_t max_response;         /* a longer body fails the call; 0: the default */
};

struct http_response {
    long status;        /* the HTTP status code */
    char *content_type; /* heap, NUL-terminated; NULL when absent */
    char *body;         /* heap, NUL-terminated after `length` bytes */
    size_t length;
};

/* Frees what a response holds and zeroes it. */
void http_response_clear(struct http_response *response);

/*
 * POSTs `request`. S_OK whenever a response arrived, whatever its status
 * (the caller judges 4xx/5xx). Failures, with nothing in *response:
 * E_DRM_NO_CONNECT (the host cannot be resolved or refused the
 * connection, or TLS failed), E_DRM_SERVER_ERROR (timed out after
 * connecting, or the connection broke: a body cut short included),
 * E_DRM_INVALID_SERVER_RESPONSE (the body exceeds max_response, or the
 * reply is not HTTP: a connection closed before any reply included, as
 * WinHTTP sees it), E_INVALIDARG (a URL that is not http(s), or a header
 * value with a control character, or a quote in the SOAPAction),
 * E_OUTOFMEMORY.
 */
HRESULT platform_http_post(const struct http_request *request, struct http_response *response);

#endif /* MSDRM_PLATFORM_HTTP_H */
