/*
 * openmsdrm - Win32: the HTTP client of platform/http.h on WinHTTP.
 *
 * One WinHTTP session for the process, opened on first use and kept (its
 * connections are reused; closing it from DllMain is not allowed), one
 * connection and request handle per call, so calls from any number of
 * threads share only the session, which WinHTTP allows. A call through a
 * proxy of the user's settings has a session of its own.
 * Synchronous mode: the total timeout is kept by giving each blocking
 * step what is left of it. HTTPS verifies the server's certificate (no
 * SECURITY_FLAG_IGNORE_* is ever set). Redirects are not followed, as
 * with libcurl: a 3xx reaches the caller as a status.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/http.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <winhttp.h>

#include "http_proxy.h"
#include "msdrmerror.h"
#include "platform/http_common.h"

/* --- sessions ---------------------------------------------------------------------- */

/* A session with this proxy setting; NULL with the last error set. */
static HINTERNET open_session(DWORD access, const WCHAR *proxy, const WCHAR *bypass)
{
    HINTERNET opened = WinHttpOpen(L"openmsdrm/" MSDRM_VERSION_STRING, access,
                                   proxy != NULL ? proxy : WINHTTP_NO_PROXY_NAME,
                                   bypass != NULL ? bypass : WINHTTP_NO_PROXY_BYPASS, 0);
    if (opened == NULL)
        return NULL;
    /* Windows 7 leaves TLS 1.2 off by default; systems without TLS 1.3
     * refuse the flag, and keep their own defaults when both fail. */
    DWORD protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 | WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3;
    if (!WinHttpSetOption(opened, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof protocols)) {
        protocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2;
        WinHttpSetOption(opened, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof protocols);
    }
    return opened;
}

/* The shared session, on WinHTTP's default proxy setting. */
static INIT_ONCE shared_once = INIT_ONCE_STATIC_INIT;
static HINTERNET shared_session;

static BOOL CALLBACK open_shared_session(PINIT_ONCE once, PVOID parameter, PVOID *context)
{
    (void)once;
    (void)parameter;
    (void)context;
    shared_session = open_session(WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, NULL, NULL);
    return shared_session != NULL; /* FALSE: the next call tries again */
}

/*
 * The session for a call to `url`: the shared one, unless the user's
 * settings name a proxy for it (http_proxy.h). That call gets a session
 * of its own on that proxy, closed after it (*own): a proxy set on the
 * request handle alone is ignored by Wine's WinHTTP.
 */
static HRESULT session_for(const WCHAR *url, HINTERNET *session, HINTERNET *own)
{
    *session = *own = NULL;
    if (!InitOnceExecuteOnce(&shared_once, open_shared_session, NULL, NULL))
        return GetLastError() == ERROR_NOT_ENOUGH_MEMORY ? E_OUTOFMEMORY : E_DRM_NO_CONNECT;
    WINHTTP_PROXY_INFO proxy;
    http_proxy_for_url(shared_session, url, &proxy);
    if (proxy.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY && proxy.lpszProxy != NULL) {
        *own = open_session(WINHTTP_ACCESS_TYPE_NAMED_PROXY, proxy.lpszProxy,
                            proxy.lpszProxyBypass);
        if (*own == NULL) {
            http_proxy_clear(&proxy);
            return GetLastError() == ERROR_NOT_ENOUGH_MEMORY ? E_OUTOFMEMORY : E_DRM_NO_CONNECT;
        }
    }
    http_proxy_clear(&proxy);
    *session = *own != NULL ? *own : shared_session;
    return S_OK;
}

/* --- text ------------------------------------------------------------------------- */

static HRESULT utf8_to_wide(const char *text, WCHAR **wide)
{
    *wide = NULL;
    int count = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    if (count <= 0)
        return E_INVALIDARG;
    WCHAR *copy = malloc((size_t)count * sizeof(WCHAR));
    if (copy == NULL)
        return E_OUTOFMEMORY;
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, copy, count);
    *wide = copy;
    return S_OK;
}

/* Unpaired surrogates from a server become U+FFFD rather than a failure. */
static HRESULT wide_to_utf8(const WCHAR *wide, char **text)
{
    *text = NULL;
    int size = WideCharToMultiByte(CP_UTF8, 0, wide, -1, NULL, 0, NULL, NULL);
    if (size <= 0)
        return E_DRM_INVALID_SERVER_RESPONSE;
    char *copy = malloc((size_t)size);
    if (copy == NULL)
        return E_OUTOFMEMORY;
    WideCharToMultiByte(CP_UTF8, 0, wide, -1, copy, size, NULL, NULL);
    *text = copy;
    return S_OK;
}

/* "Content-Type: ...\r\nSOAPAction: \"...\"\r\nFrom: ...\r\n", in UTF-16. */
static HRESULT build_headers(const struct http_request *request, WCHAR **headers)
{
    const char *parts[] = {
        request->content_type != NULL ? "Content-Type: " : NULL, request->content_type, "\r\n",
        request->soap_action != NULL ? "SOAPAction: \"" : NULL,  request->soap_action,  "\"\r\n",
        request->from != NULL ? "From: " : NULL,                 request->from,         "\r\n",
    };
    size_t size = 1;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i += 3) {
        if (parts[i] != NULL)
            size += strlen(parts[i]) + strlen(parts[i + 1]) + strlen(parts[i + 2]);
    }
    char *text = malloc(size);
    if (text == NULL)
        return E_OUTOFMEMORY;
    text[0] = '\0';
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i += 3) {
        if (parts[i] != NULL) {
            strcat(text, parts[i]);
            strcat(text, parts[i + 1]);
            strcat(text, parts[i + 2]);
        }
    }
    HRESULT hr = utf8_to_wide(text, headers);
    free(text);
    return hr;
}

/* --- errors ------------------------------------------------------------------------ */

/*
 * WinHTTP's error as platform/http.h names it. `connecting`: the step
 * that opens the connection and sends the request, where a time-out means
 * the server could not be reached.
 */
static HRESULT winhttp_error(DWORD error, bool connecting)
{
    switch (error) {
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return E_OUTOFMEMORY;
    case ERROR_WINHTTP_INVALID_URL:
    case ERROR_WINHTTP_UNRECOGNIZED_SCHEME:
        return E_INVALIDARG;
    case ERROR_WINHTTP_TIMEOUT:
        return connecting ? E_DRM_NO_CONNECT : E_DRM_SERVER_ERROR;
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
    case ERROR_WINHTTP_CANNOT_CONNECT:
    case ERROR_WINHTTP_AUTODETECTION_FAILED:
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
    case ERROR_WINHTTP_SECURE_INVALID_CA:
    case ERROR_WINHTTP_SECURE_CERT_REV_FAILED:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
    case ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED:
        return E_DRM_NO_CONNECT;
    case ERROR_WINHTTP_INVALID_SERVER_RESPONSE:
    case ERROR_WINHTTP_HEADER_NOT_FOUND:
        return E_DRM_INVALID_SERVER_RESPONSE;
    default: /* ERROR_WINHTTP_CONNECTION_ERROR and the rest */
        return E_DRM_SERVER_ERROR;
    }
}

static HRESULT last_winhttp_error(bool connecting)
{
    return winhttp_error(GetLastError(), connecting);
}

/* --- the target ---------------------------------------------------------------------- */

/* The URL taken apart: host and port to connect to, the path to ask for. */
struct target {
    WCHAR *url;
    WCHAR *host;
    const WCHAR *path; /* inside url, with the query; never empty */
    INTERNET_PORT port;
    bool secure;
};

static HRESULT crack_url(const char *url, struct target *target)
{
    memset(target, 0, sizeof *target);
    HRESULT hr = utf8_to_wide(url, &target->url);
    if (FAILED(hr))
        return hr;
    URL_COMPONENTS parts;
    memset(&parts, 0, sizeof parts);
    parts.dwStructSize = sizeof parts;
    parts.dwSchemeLength = (DWORD)-1;
    parts.dwHostNameLength = (DWORD)-1;
    parts.dwUrlPathLength = (DWORD)-1;
    parts.dwExtraInfoLength = (DWORD)-1;
    if (!WinHttpCrackUrl(target->url, 0, 0, &parts) || parts.dwHostNameLength == 0 ||
        (parts.nScheme != INTERNET_SCHEME_HTTP && parts.nScheme != INTERNET_SCHEME_HTTPS))
        return GetLastError() == ERROR_NOT_ENOUGH_MEMORY ? E_OUTOFMEMORY : E_INVALIDARG;
    target->host = malloc((parts.dwHostNameLength + 1) * sizeof(WCHAR));
    if (target->host == NULL)
        return E_OUTOFMEMORY;
    memcpy(target->host, parts.lpszHostName, parts.dwHostNameLength * sizeof(WCHAR));
    target->host[parts.dwHostNameLength] = L'\0';
    /* The path runs on into the extra information (?query) to the end. */
    target->path = parts.dwUrlPathLength > 0 ? parts.lpszUrlPath
                   : parts.dwExtraInfoLength > 0 ? parts.lpszExtraInfo
                                                 : L"/";
    target->port = parts.nPort;
    target->secure = parts.nScheme == INTERNET_SCHEME_HTTPS;
    return S_OK;
}

static void target_free(struct target *target)
{
    free(target->url);
    free(target->host);
    memset(target, 0, sizeof *target);
}

/* --- one exchange ---------------------------------------------------------------------- */

/* What is left of the total timeout, in milliseconds; 0 when it is spent. */
static int remaining_ms(ULONGLONG deadline)
{
    ULONGLONG now = GetTickCount64();
    if (now >= deadline)
        return 0;
    return deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now);
}

/* Before a blocking step: every timeout it could hit is what is left. */
static HRESULT arm_timeouts(HINTERNET request, const struct http_limits *limits,
                            ULONGLONG deadline)
{
    int left = remaining_ms(deadline);
    if (left == 0)
        return E_DRM_SERVER_ERROR;
    int connect =
        limits->connect_timeout_ms < (uint32_t)left ? (int)limits->connect_timeout_ms : left;
    if (!WinHttpSetTimeouts(request, connect, connect, left, left))
        return last_winhttp_error(false);
    DWORD response_timeout = (DWORD)left; /* headers: 90 s by default otherwise */
    WinHttpSetOption(request, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &response_timeout,
                     sizeof response_timeout);
    return S_OK;
}

static void set_dword_option(HINTERNET request, DWORD option, DWORD value)
{
    WinHttpSetOption(request, option, &value, sizeof value);
}

/*
 * A 401 or 407 asking for Negotiate or NTLM: tells WinHTTP to answer with
 * the logged-on user's credentials (NULL user name; the LOW autologon
 * policy lets it send them to any server). False for other schemes
 * (Basic, Digest would need a password this API has not got).
 */
static bool answer_challenge(HINTERNET request)
{
    DWORD supported = 0, first = 0, target = 0;
    if (!WinHttpQueryAuthSchemes(request, &supported, &first, &target))
        return false;
    DWORD scheme = (supported & WINHTTP_AUTH_SCHEME_NEGOTIATE) ? WINHTTP_AUTH_SCHEME_NEGOTIATE
                   : (supported & WINHTTP_AUTH_SCHEME_NTLM)    ? WINHTTP_AUTH_SCHEME_NTLM
                                                               : 0;
    return scheme != 0 && WinHttpSetCredentials(request, target, scheme, NULL, NULL, NULL);
}

static HRESULT send_and_receive(HINTERNET request, const struct http_request *call,
                                const WCHAR *headers, const struct http_limits *limits,
                                ULONGLONG deadline, DWORD *status)
{
    for (int attempt = 0;; attempt++) {
        HRESULT hr = arm_timeouts(request, limits, deadline);
        if (FAILED(hr))
            return hr;
        DWORD length = (DWORD)call->body_length;
        const WCHAR *extra = headers[0] != L'\0' ? headers : WINHTTP_NO_ADDITIONAL_HEADERS;
        if (!WinHttpSendRequest(request, extra, (DWORD)-1L, (void *)call->body, length, length, 0))
            return last_winhttp_error(true);
        if (!WinHttpReceiveResponse(request, NULL))
            return last_winhttp_error(false);
        DWORD size = sizeof *status;
        if (!WinHttpQueryHeaders(request, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                                 WINHTTP_HEADER_NAME_BY_INDEX, status, &size,
                                 WINHTTP_NO_HEADER_INDEX))
            return E_DRM_INVALID_SERVER_RESPONSE;
        bool challenged = *status == HTTP_STATUS_DENIED || *status == HTTP_STATUS_PROXY_AUTH_REQ;
        if (!challenged || attempt > 0 || !answer_challenge(request))
            return S_OK;
    }
}

/* A response header as UTF-8; *value stays NULL when it is absent. */
static HRESULT query_header(HINTERNET request, DWORD which, char **value)
{
    *value = NULL;
    DWORD bytes = 0;
    if (WinHttpQueryHeaders(request, which, WINHTTP_HEADER_NAME_BY_INDEX, WINHTTP_NO_OUTPUT_BUFFER,
                            &bytes, WINHTTP_NO_HEADER_INDEX) ||
        GetLastError() == ERROR_WINHTTP_HEADER_NOT_FOUND)
        return S_OK;
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
        return last_winhttp_error(false);
    WCHAR *wide = malloc(bytes + sizeof(WCHAR));
    if (wide == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = S_OK;
    if (WinHttpQueryHeaders(request, which, WINHTTP_HEADER_NAME_BY_INDEX, wide, &bytes,
                            WINHTTP_NO_HEADER_INDEX)) {
        wide[bytes / sizeof(WCHAR)] = L'\0';
        hr = wide_to_utf8(wide, value);
    } else {
        hr = last_winhttp_error(false);
    }
    free(wide);
    return hr;
}

/*
 * The body, refused as soon as it is known to pass the limit. Each read
 * takes what has arrived (WinHttpQueryDataAvailable returns as soon as
 * there is some), so a server trickling bytes meets the total timeout
 * between two reads. A body shorter than its Content-Length is a broken
 * connection (WinHTTP ends the read without an error).
 */
static HRESULT read_body(HINTERNET request, ULONGLONG deadline, struct http_body *body)
{
    char *announced_text = NULL;
    HRESULT hr = query_header(request, WINHTTP_QUERY_CONTENT_LENGTH, &announced_text);
    bool announced = SUCCEEDED(hr) && announced_text != NULL;
    unsigned long long expected = announced ? strtoull(announced_text, NULL, 10) : 0;
    free(announced_text);
    if (announced)
        hr = http_body_expect(body, expected);
    char chunk[16384];
    while (SUCCEEDED(hr)) {
        DWORD left = (DWORD)remaining_ms(deadline);
        if (left == 0)
            return E_DRM_SERVER_ERROR;
        set_dword_option(request, WINHTTP_OPTION_RECEIVE_TIMEOUT, left);
        DWORD available = 0, got = 0;
        if (!WinHttpQueryDataAvailable(request, &available))
            return last_winhttp_error(false);
        if (available == 0)
            break;
        if (!WinHttpReadData(request, chunk, available < sizeof chunk ? available : sizeof chunk,
                             &got))
            return last_winhttp_error(false);
        if (got == 0)
            break;
        hr = http_body_append(body, chunk, got);
    }
    if (SUCCEEDED(hr) && announced && body->length < expected)
        return E_DRM_SERVER_ERROR;
    return hr;
}

static HRESULT exchange(HINTERNET request, const struct http_request *call,
                        const struct http_limits *limits, struct http_response *response)
{
    ULONGLONG deadline = GetTickCount64() + limits->total_timeout_ms;
    WCHAR *headers = NULL;
    HRESULT hr = build_headers(call, &headers);
    DWORD status = 0;
    if (SUCCEEDED(hr))
        hr = send_and_receive(request, call, headers, limits, deadline, &status);
    free(headers);
    if (FAILED(hr))
        return hr;

    char *content_type = NULL;
    struct http_body body;
    http_body_init(&body, limits->max_response);
    hr = query_header(request, WINHTTP_QUERY_CONTENT_TYPE, &content_type);
    if (SUCCEEDED(hr))
        hr = read_body(request, deadline, &body);
    if (SUCCEEDED(hr))
        hr = http_body_finish(&body, response);
    if (FAILED(hr)) {
        http_body_free(&body);
        free(content_type);
        return hr;
    }
    response->status = (long)status;
    response->content_type = content_type;
    return S_OK;
}

/* The options every request gets before it is sent. */
static void prepare_request(HINTERNET request)
{
    set_dword_option(request, WINHTTP_OPTION_DISABLE_FEATURE,
                     WINHTTP_DISABLE_REDIRECTS | WINHTTP_DISABLE_COOKIES);
    set_dword_option(request, WINHTTP_OPTION_AUTOLOGON_POLICY, WINHTTP_AUTOLOGON_SECURITY_LEVEL_LOW);
}

HRESULT platform_http_post(const struct http_request *request, struct http_response *response)
{
    memset(response, 0, sizeof *response);
    struct http_limits limits;
    HRESULT hr = http_request_check(request, &limits);
    if (FAILED(hr))
        return hr;
    if (request->body_length > MAXDWORD)
        return E_INVALIDARG;
    struct target target;
    hr = crack_url(request->url, &target);
    HINTERNET session = NULL, own_session = NULL, connection = NULL, exchange_handle = NULL;
    if (SUCCEEDED(hr))
        hr = session_for(target.url, &session, &own_session);
    if (SUCCEEDED(hr)) {
        connection = WinHttpConnect(session, target.host, target.port, 0);
        if (connection == NULL)
            hr = last_winhttp_error(true);
    }
    if (SUCCEEDED(hr)) {
        exchange_handle = WinHttpOpenRequest(connection, L"POST", target.path, NULL,
                                             WINHTTP_NO_REFERER, WINHTTP_DEFAULT_ACCEPT_TYPES,
                                             target.secure ? WINHTTP_FLAG_SECURE : 0);
        if (exchange_handle == NULL)
            hr = last_winhttp_error(true);
    }
    if (SUCCEEDED(hr)) {
        prepare_request(exchange_handle);
        hr = exchange(exchange_handle, request, &limits, response);
    }
    if (exchange_handle != NULL)
        WinHttpCloseHandle(exchange_handle);
    if (connection != NULL)
        WinHttpCloseHandle(connection);
    if (own_session != NULL)
        WinHttpCloseHandle(own_session);
    target_free(&target);
    return hr;
}
