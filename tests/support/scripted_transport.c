/*
 * openmsdrm tests - the scripted transport (see scripted_transport.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "scripted_transport.h"

#include <stdlib.h>
#include <string.h>

#include "net/http_transport.h"
#include "platform/platform.h"
#include "msdrmerror.h"

struct scripted_transport {
    struct http_transport transport; /* first: what http_transport_set keeps */
    platform_mutex lock;
    const struct scripted_reply *replies;
    size_t reply_count;
    size_t next;
    size_t mismatches;
    struct scripted_request *requests;
    size_t request_count;
};

static char *copy_or_null(const char *text)
{
    if (text == NULL)
        return NULL;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    if (copy != NULL)
        memcpy(copy, text, length + 1);
    return copy;
}

static bool ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

static bool record(struct scripted_transport *script, const struct http_request *request)
{
    struct scripted_request *requests =
        realloc(script->requests, (script->request_count + 1) * sizeof *requests);
    if (requests == NULL)
        return false;
    script->requests = requests;
    struct scripted_request *sent = &requests[script->request_count];
    memset(sent, 0, sizeof *sent);
    sent->url = copy_or_null(request->url);
    sent->content_type = copy_or_null(request->content_type);
    sent->soap_action = copy_or_null(request->soap_action);
    sent->from = copy_or_null(request->from);
    sent->body = malloc(request->body_length + 1);
    if (sent->body != NULL) {
        if (request->body_length > 0)
            memcpy(sent->body, request->body, request->body_length);
        sent->body[request->body_length] = '\0';
    }
    sent->body_length = request->body_length;
    sent->connect_timeout_ms = request->connect_timeout_ms;
    sent->total_timeout_ms = request->total_timeout_ms;
    sent->max_response = request->max_response;
    script->request_count++;
    return sent->body != NULL;
}

static HRESULT answer(const struct scripted_reply *reply, const struct http_request *request,
                      struct http_response *response)
{
    if (reply->error != S_OK)
        return reply->error;
    size_t length = reply->length;
    if (length == 0 && reply->body != NULL)
        length = strlen(reply->body);
    if (request->max_response != 0 && length > request->max_response && !reply->ignore_max_response)
        return E_DRM_INVALID_SERVER_RESPONSE;
    char *body = malloc(length + 1);
    char *content_type = copy_or_null(reply->content_type);
    if (body == NULL || (reply->content_type != NULL && content_type == NULL)) {
        free(body);
        free(content_type);
        return E_OUTOFMEMORY;
    }
    if (length > 0)
        memcpy(body, reply->body, length);
    body[length] = '\0';
    response->status = reply->status;
    response->content_type = content_type;
    response->body = body;
    response->length = length;
    return S_OK;
}

static HRESULT scripted_post(void *context, const struct http_request *request,
                             struct http_response *response)
{
    struct scripted_transport *script = context;
    memset(response, 0, sizeof *response);
    platform_mutex_lock(&script->lock);
    bool recorded = record(script, request);
    const struct scripted_reply *reply = NULL;
    if (script->next < script->reply_count)
        reply = &script->replies[script->next++];
    bool expected =
        reply != NULL &&
        (reply->expect_path == NULL ||
         (request->url != NULL && ends_with(request->url, reply->expect_path))) &&
        (reply->expect_action == NULL ||
         (request->soap_action != NULL && strcmp(request->soap_action, reply->expect_action) == 0));
    if (!expected)
        script->mismatches++;
    platform_mutex_unlock(&script->lock);
    if (!recorded)
        return E_OUTOFMEMORY;
    if (!expected)
        return E_DRM_NO_CONNECT;
    return answer(reply, request, response);
}

struct scripted_transport *scripted_transport_new(const struct scripted_reply *replies,
                                                  size_t count)
{
    struct scripted_transport *script = calloc(1, sizeof *script);
    if (script == NULL)
        return NULL;
    script->transport.post = scripted_post;
    script->transport.context = script;
    platform_mutex_init(&script->lock);
    script->replies = replies;
    script->reply_count = count;
    return script;
}

void scripted_transport_install(struct scripted_transport *transport)
{
    http_transport_set(&transport->transport);
}

void scripted_transport_free(struct scripted_transport *transport)
{
    if (transport == NULL)
        return;
    if (http_transport_current() == &transport->transport)
        http_transport_set(NULL);
    for (size_t i = 0; i < transport->request_count; i++) {
        struct scripted_request *sent = &transport->requests[i];
        free(sent->url);
        free(sent->content_type);
        free(sent->soap_action);
        free(sent->from);
        free(sent->body);
    }
    free(transport->requests);
    platform_mutex_destroy(&transport->lock);
    free(transport);
}

size_t scripted_transport_request_count(struct scripted_transport *transport)
{
    platform_mutex_lock(&transport->lock);
    size_t count = transport->request_count;
    platform_mutex_unlock(&transport->lock);
    return count;
}

const struct scripted_request *scripted_transport_request(struct scripted_transport *transport,
                                                          size_t index)
{
    platform_mutex_lock(&transport->lock);
    const struct scripted_request *sent =
        index < transport->request_count ? &transport->requests[index] : NULL;
    platform_mutex_unlock(&transport->lock);
    return sent;
}

size_t scripted_transport_mismatches(struct scripted_transport *transport)
{
    platform_mutex_lock(&transport->lock);
    size_t count = transport->mismatches;
    platform_mutex_unlock(&transport->lock);
    return count;
}
