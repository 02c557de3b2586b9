/*
 * openmsdrm - the HTTP client (platform/http.h): not written yet.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "platform/http.h"

void http_response_clear(struct http_response *response)
{
    free(response->content_type);
    free(response->body);
    memset(response, 0, sizeof *response);
}

HRESULT platform_http_post(const struct http_request *request, struct http_response *response)
{
    (void)request;
    memset(response, 0, sizeof *response);
    return E_NOTIMPL;
}
