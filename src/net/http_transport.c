/*
 * openmsdrm - the transport in use (see http_transport.h). One pointer
 * under one lock: reading it is the only thing done while holding it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/http_transport.h"

#include "platform/platform.h"

static HRESULT post_with_platform(void *context, const struct http_request *request,
                                  struct http_response *response)
{
    (void)context;
    return platform_http_post(request, response);
}

static const struct http_transport platform_transport = {post_with_platform, NULL};

static platform_mutex transport_lock = PLATFORM_MUTEX_INIT;
static const struct http_transport *transport_in_use = &platform_transport;

const struct http_transport *http_transport_current(void)
{
    platform_mutex_lock(&transport_lock);
    const struct http_transport *transport = transport_in_use;
    platform_mutex_unlock(&transport_lock);
    return transport;
}

void http_transport_set(const struct http_transport *transport)
{
    platform_mutex_lock(&transport_lock);
    transport_in_use = transport != NULL ? transport : &platform_transport;
    platform_mutex_unlock(&transport_lock);
}

HRESULT http_transport_post(const struct http_request *request, struct http_response *response)
{
    const struct http_transport *transport = http_transport_current();
    return transport->post(transport->context, request, response);
}
