/*
 * openmsdrm - POSIX: the HTTP client of platform/http.h on libcurl.
 *
 * One easy handle per call, so calls from any number of threads share
 * nothing but curl's global state, set up once. The proxy is curl's usual
 * environment (http_proxy, https_proxy, no_proxy, all_proxy); HTTPS
 * verifies the peer and its host name against the system's CA bundle.
 * Redirects are not followed (WinHTTP's transport does not follow them
 * either): a 3xx reaches the caller as a status.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L
#include "platform/http.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "msdrmerror.h"
#include "platform/http_common.h"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

/* curl_global_init is not thread-safe in every build of libcurl. Never
 * undone: a detached thread may be in a transfer while the process exits. */
static void init_curl(void)
{
    curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* What the write callback saw, for the error it made curl return. */
struct transfer {
    struct http_body body;
    HRESULT body_error;
};

static size_t receive_body(char *bytes, size_t size, size_t count, void *context)
{
    struct transfer *transfer = context;
    size_t total = size * count;
    HRESULT hr = http_body_append(&transfer->body, bytes, total);
    if (FAILED(hr)) {
        transfer->body_error = hr;
        return 0; /* any other count aborts the transfer: CURLE_WRITE_ERROR */
    }
    return total;
}

/* Adds "name: value" (quoted when asked), or "name:" alone when value is
 * NULL, to *headers. E_OUTOFMEMORY. */
static HRESULT add_header(struct curl_slist **headers, const char *name, const char *value,
                          bool quoted)
{
    size_t size = strlen(name) + (value != NULL ? strlen(value) : 0) + 6;
    char *line = malloc(size);
    if (line == NULL)
        return E_OUTOFMEMORY;
    if (value == NULL)
        snprintf(line, size, "%s:", name);
    else
        snprintf(line, size, quoted ? "%s: \"%s\"" : "%s: %s", name, value);
    struct curl_slist *grown = curl_slist_append(*headers, line);
    free(line);
    if (grown == NULL)
        return E_OUTOFMEMORY;
    *headers = grown;
    return S_OK;
}

/*
 * The request's headers. A header named with no value removes one curl
 * would add by itself: its default form Content-Type, and "Expect:
 * 100-continue", a round trip a SOAP client does not need.
 */
static HRESULT build_headers(const struct http_request *request, struct curl_slist **headers)
{
    *headers = NULL;
    HRESULT hr = add_header(headers, "Content-Type", request->content_type, false);
    if (SUCCEEDED(hr) && request->soap_action != NULL)
        hr = add_header(headers, "SOAPAction", request->soap_action, true);
    if (SUCCEEDED(hr) && request->from != NULL)
        hr = add_header(headers, "From", request->from, false);
    if (SUCCEEDED(hr))
        hr = add_header(headers, "Expect", NULL, false);
    if (FAILED(hr)) {
        curl_slist_free_all(*headers);
        *headers = NULL;
    }
    return hr;
}

static HRESULT configure(CURL *curl, const struct http_request *request,
                         const struct http_limits *limits, struct curl_slist *headers,
                         struct transfer *transfer)
{
    CURLcode failed = CURLE_OK;
#define SET(option, value)                                                                         \
    do {                                                                                           \
        if (failed == CURLE_OK)                                                                    \
            failed = curl_easy_setopt(curl, option, value);                                        \
    } while (0)
    SET(CURLOPT_URL, request->url);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85 */
    SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
    SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_POST, 1L);
    SET(CURLOPT_POSTFIELDS, request->body != NULL ? request->body : "");
    SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_USERAGENT, "openmsdrm/" MSDRM_VERSION_STRING);
    SET(CURLOPT_CONNECTTIMEOUT_MS, (long)limits->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, (long)limits->total_timeout_ms);
    /* Refused at once when the server announces a longer body; the write
     * callback counts what arrives when it does not. */
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)limits->max_response);
    SET(CURLOPT_WRITEFUNCTION, receive_body);
    SET(CURLOPT_WRITEDATA, transfer);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_FOLLOWLOCATION, 0L);
#undef SET
    if (failed == CURLE_OUT_OF_MEMORY)
        return E_OUTOFMEMORY;
    /* An option this libcurl lacks, or https:// without TLS support. */
    return failed == CURLE_OK ? S_OK : E_INVALIDARG;
}

/* Whether the transfer got as far as a connection: TCP, and for HTTPS the
 * TLS handshake too (a handshake that times out is "TLS failed"). */
static bool connected(CURL *curl, bool https)
{
    curl_off_t connect_time = 0;
    CURLINFO which = https ? CURLINFO_APPCONNECT_TIME_T : CURLINFO_CONNECT_TIME_T;
    return curl_easy_getinfo(curl, which, &connect_time) == CURLE_OK && connect_time > 0;
}

/* curl's failure as platform/http.h names it. */
static HRESULT transfer_error(CURL *curl, CURLcode code, const struct http_request *request,
                              const struct transfer *transfer)
{
    switch (code) {
    case CURLE_WRITE_ERROR:
        return FAILED(transfer->body_error) ? transfer->body_error : E_DRM_SERVER_ERROR;
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_GOT_NOTHING: /* closed without a reply: WinHTTP's INVALID_SERVER_RESPONSE */
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL: /* checked before: here a reply that is not HTTP */
    case CURLE_BAD_CONTENT_ENCODING:
        return E_DRM_INVALID_SERVER_RESPONSE;
    case CURLE_URL_MALFORMAT:
        return E_INVALIDARG;
    case CURLE_OUT_OF_MEMORY:
        return E_OUTOFMEMORY;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
        return E_DRM_NO_CONNECT;
    case CURLE_OPERATION_TIMEDOUT:
        /* The connect timeout is "cannot connect"; once connected, the server's. */
        return connected(curl, http_request_is_https(request)) ? E_DRM_SERVER_ERROR
                                                                : E_DRM_NO_CONNECT;
    default: /* CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE... */
        return E_DRM_SERVER_ERROR;
    }
}

/* Takes the status and content type of a finished transfer. */
static HRESULT read_reply(CURL *curl, struct transfer *transfer, struct http_response *response)
{
    long status = 0;
    char *content_type = NULL;
    if (curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status < 100)
        return E_DRM_INVALID_SERVER_RESPONSE;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type) != CURLE_OK)
        content_type = NULL;
    char *type_copy = NULL;
    if (content_type != NULL) {
        type_copy = strdup(content_type);
        if (type_copy == NULL)
            return E_OUTOFMEMORY;
    }
    HRESULT hr = http_body_finish(&transfer->body, response);
    if (FAILED(hr)) {
        free(type_copy);
        return hr;
    }
    response->status = status;
    response->content_type = type_copy;
    return S_OK;
}

HRESULT platform_http_post(const struct http_request *request, struct http_response *response)
{
    memset(response, 0, sizeof *response);
    struct http_limits limits;
    HRESULT hr = http_request_check(request, &limits);
    if (FAILED(hr))
        return hr;
    pthread_once(&curl_once, init_curl);
    if (curl_init_result != CURLE_OK)
        return curl_init_result == CURLE_OUT_OF_MEMORY ? E_OUTOFMEMORY : E_DRM_NO_CONNECT;

    CURL *curl = curl_easy_init();
    if (curl == NULL)
        return E_OUTOFMEMORY;
    struct curl_slist *headers = NULL;
    struct transfer transfer = {.body_error = S_OK};
    http_body_init(&transfer.body, limits.max_response);
    hr = build_headers(request, &headers);
    if (SUCCEEDED(hr))
        hr = configure(curl, request, &limits, headers, &transfer);
    if (SUCCEEDED(hr)) {
        CURLcode code = curl_easy_perform(curl);
        hr = code == CURLE_OK ? read_reply(curl, &transfer, response)
                              : transfer_error(curl, code, request, &transfer);
    }
    http_body_free(&transfer.body);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return hr;
}
