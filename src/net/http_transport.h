/*
 * openmsdrm - the HTTP transport, chosen at run time: the operating
 * system's (platform/http.h) unless a test or a fuzzer puts a scripted
 * one in its place (tests/support/scripted_transport.h). Every MS-RMPR
 * call goes through http_transport_current(), so a test can answer for
 * the server without a socket.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_HTTP_TRANSPORT_H
#define MSDRM_NET_HTTP_TRANSPORT_H

#include "platform/http.h"
#include "msdrmdefs.h"

/* One POST, with the contract of platform_http_post (platform/http.h):
 * S_OK whenever a response arrived, whatever its status. */
struct http_transport {
    HRESULT (*post)
    (void *context, const struct http_request *request, struct http_response *response);
    void *context;
};

/* The transport in use (never NULL): the one last set, or the default
 * that calls platform_http_post. */
const struct http_transport *http_transport_current(void);

/*
 * Puts `transport` in use from the next call on; NULL restores the
 * default. The library keeps the pointer, not a copy: the caller keeps
 * the structure alive until it sets another one. Thread-safe; a POST
 * already running finishes on the transport it started with.
 */
void http_transport_set(const struct http_transport *transport);

/* POSTs `request` over the current transport (a shorthand). */
HRESULT http_transport_post(const struct http_request *request, struct http_response *response);

#endif /* MSDRM_NET_HTTP_TRANSPORT_H */
