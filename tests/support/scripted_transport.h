/*
 * openmsdrm tests - a fake HTTP transport that answers from a script
 * (net/http_transport.h): per request, what it must look like, then the
 * reply (status, content type, body) or a transport error. It records
 * what was sent, for tests of the MS-RMPR client and for fuzzers.
 * Thread-safe: requests may come from operation threads.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_TESTS_SCRIPTED_TRANSPORT_H
#define MSDRM_TESTS_SCRIPTED_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

struct scripted_reply {
    const char *expect_path;   /* the URL must end with it; NULL: any URL */
    const char *expect_action; /* the SOAPAction, unquoted; NULL: any */
    HRESULT error;             /* not S_OK: the POST fails with it, no reply */
    long status;               /* e.g. 200 */
    const char *content_type;  /* NULL: none */
    const char *body;          /* borrowed until the request is answered */
    size_t length;             /* 0: strlen(body) (body NULL: empty) */
    /* Whether to deliver a body longer than the request's max_response
     * (a transport that forgets its limit); false: fail as platform/http.h
     * says, with E_DRM_INVALID_SERVER_RESPONSE. */
    bool ignore_max_response;
};

/* A request as the transport saw it (heap copies). */
struct scripted_request {
    char *url;
    char *content_type;
    char *soap_action;
    char *from;
    char *body;
    size_t body_length;
    uint32_t connect_timeout_ms;
    uint32_t total_timeout_ms;
    size_t max_response;
};

struct scripted_transport;

/* A transport that answers the `count` replies in order (the array is
 * borrowed: it must outlive the transport); NULL when out of memory. */
struct scripted_transport *scripted_transport_new(const struct scripted_reply *replies,
                                                  size_t count);

/* Puts it in use (http_transport_set) / frees it, first restoring the
 * default transport if it is the one in use. */
void scripted_transport_install(struct scripted_transport *transport);
void scripted_transport_free(struct scripted_transport *transport);

/* Requests received so far, and each one. */
size_t scripted_transport_request_count(struct scripted_transport *transport);
const struct scripted_request *scripted_transport_request(struct scripted_transport *transport,
                                                          size_t index);

/* Requests that did not look as the script expected (path or action), or
 * came after the script ended: those fail with E_DRM_NO_CONNECT. */
size_t scripted_transport_mismatches(struct scripted_transport *transport);

#endif /* MSDRM_TESTS_SCRIPTED_TRANSPORT_H */
