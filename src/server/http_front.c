/*
 * openmsdrm - libmicrohttpd in front of server_handle_request (see
 * http_front.h).
 *
 * libmicrohttpd calls the handler once with the headers, then once per
 * piece of the body, then once more with nothing: the body is gathered
 * into a buffer of at most SERVER_MAX_BODY bytes. A Content-Length over
 * the limit is answered 413 on the first call, before any of the body is
 * read (libmicrohttpd then closes the connection); a chunked body that
 * grows past it closes the connection at once (libmicrohttpd cannot
 * queue a response in the middle of a body).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, clock_gettime, sockets */
#define _DEFAULT_SOURCE         /* TCP_QUICKACK */

#include "server/http_front.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "server/server.h"

#define CONNECTION_LIMIT 512
#define CONNECTION_TIMEOUT_S 30

struct http_front {
    struct MHD_Daemon *daemon;
    struct server *server;
};

/* One request being received. */
struct exchange {
    char *body;
    size_t length, capacity;
    bool too_large;
    struct timespec start;
};

static double elapsed_ms(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) * 1e3 +
           (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

/* What a client sent, fit for one log line: printable ASCII, at most
 * `size` - 1 characters ('?' for anything else, "-" for nothing). */
static const char *printable(const char *text, char *out, size_t size)
{
    if (text == NULL || text[0] == '\0')
        return "-";
    size_t i = 0;
    for (; text[i] != '\0' && i + 1 < size; i++)
        out[i] = text[i] > ' ' && text[i] < 0x7F ? text[i] : '?';
    out[i] = '\0';
    return out;
}

/* One line a request, on stderr (stdio locks the stream for the call). */
static void log_request(struct MHD_Connection *connection, const char *method, const char *url,
                        int status, size_t sent, const struct timespec *start)
{
    const char *from = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "From");
    char method_text[16], url_text[256], from_text[128];
    fprintf(stderr, "msdrm-server: %s %s %d %zu bytes %.1f ms from=%s\n",
            printable(method, method_text, sizeof method_text),
            printable(url, url_text, sizeof url_text), status, sent, elapsed_ms(start),
            printable(from, from_text, sizeof from_text));
}

/* libmicrohttpd's own messages, as lines of ours. */
__attribute__((format(printf, 2, 0))) static void log_library(void *context, const char *format,
                                                              va_list arguments)
{
    (void)context;
    char message[512];
    vsnprintf(message, sizeof message, format, arguments);
    message[strcspn(message, "\r\n")] = '\0';
    fprintf(stderr, "msdrm-server: libmicrohttpd: %s\n", message);
}

static enum MHD_Result reply(struct MHD_Connection *connection, int status,
                             const char *content_type, char *body, size_t length)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, body, MHD_RESPMEM_MUST_FREE);
    if (response == NULL) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    enum MHD_Result result = MHD_queue_response(connection, (unsigned)status, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result reply_text(struct MHD_Connection *connection, int status, const char *text)
{
    size_t length = strlen(text);
    char *body = malloc(length + 1);
    if (body == NULL)
        return MHD_NO;
    memcpy(body, text, length + 1);
    return reply(connection, status, "text/plain; charset=utf-8", body, length);
}

/* The Content-Length the client announced exceeds the limit. */
static bool announced_too_large(struct MHD_Connection *connection)
{
    const char *value =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (value == NULL)
        return false;
    char *end = NULL;
    uintmax_t length = strtoumax(value, &end, 10);
    return end == value || *end != '\0' || length > SERVER_MAX_BODY;
}

static bool append(struct exchange *exchange, const char *data, size_t size)
{
    if (size > SERVER_MAX_BODY - exchange->length) {
        exchange->too_large = true;
        return true;
    }
    if (exchange->length + size > exchange->capacity) {
        size_t grown = exchange->capacity == 0 ? 16384 : exchange->capacity * 2;
        while (grown < exchange->length + size)
            grown *= 2;
        if (grown > SERVER_MAX_BODY)
            grown = SERVER_MAX_BODY;
        char *bigger = realloc(exchange->body, grown);
        if (bigger == NULL)
            return false;
        exchange->body = bigger;
        exchange->capacity = grown;
    }
    memcpy(exchange->body + exchange->length, data, size);
    exchange->length += size;
    return true;
}

/*
 * Acknowledges a request's headers at once. Wine's WinHTTP writes the
 * headers and the body in two sends with Nagle's algorithm on, so on a
 * kept-alive connection the body waits for the acknowledgement of the
 * headers, which Linux delays by 40 ms: every request after a
 * connection's first would take 40 ms more than its work.
 */
static void acknowledge_now(struct MHD_Connection *connection)
{
#ifdef TCP_QUICKACK
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info != NULL) {
        int on = 1;
        (void)setsockopt(info->connect_fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
    }
#else
    (void)connection;
#endif
}

static enum MHD_Result handle(void *context, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **request_context)
{
    (void)version;
    struct http_front *front = context;
    struct exchange *exchange = *request_context;
    if (exchange == NULL) {
        exchange = calloc(1, sizeof *exchange);
        if (exchange == NULL)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &exchange->start);
        *request_context = exchange;
        acknowledge_now(connection);
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0) {
            log_request(connection, method, url, 405, 0, &exchange->start);
            return reply_text(connection, 405, "only POST is served\n");
        }
        if (announced_too_large(connection)) {
            log_request(connection, method, url, 413, 0, &exchange->start);
            return reply_text(connection, 413, "request body too large\n");
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        bool kept = append(exchange, upload_data, *upload_data_size);
        *upload_data_size = 0;
        if (kept && exchange->too_large) {
            /* libmicrohttpd cannot answer in the middle of a body: the
             * connection is closed rather than the rest read. */
            log_request(connection, method, url, 413, 0, &exchange->start);
            return MHD_NO;
        }
        return kept ? MHD_YES : MHD_NO;
    }
    const char *action = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "SOAPAction");
    const char *from = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "From");
    struct server_response response;
    if (server_handle_request(front->server, url, action, from, exchange->body, exchange->length,
                              &response) != S_OK) {
        log_request(connection, method, url, 500, 0, &exchange->start);
        return reply_text(connection, 500, "the server failed\n");
    }
    log_request(connection, method, url, response.status, response.length, &exchange->start);
    return reply(connection, response.status, response.content_type, response.body,
                 response.length);
}

static void completed(void *context, struct MHD_Connection *connection, void **request_context,
                      enum MHD_RequestTerminationCode code)
{
    (void)context;
    (void)connection;
    (void)code;
    struct exchange *exchange = *request_context;
    if (exchange != NULL) {
        free(exchange->body);
        free(exchange);
        *request_context = NULL;
    }
}

bool http_front_start(struct server *server, int listen_socket, unsigned threads,
                      struct http_front **front)
{
    *front = calloc(1, sizeof **front);
    if (*front == NULL)
        return false;
    (*front)->server = server;
    (*front)->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, handle,
        *front, MHD_OPTION_EXTERNAL_LOGGER, log_library, NULL, MHD_OPTION_LISTEN_SOCKET,
        (MHD_socket)listen_socket, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONNECTION_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_END);
    if ((*front)->daemon == NULL) {
        free(*front);
        *front = NULL;
        return false;
    }
    return true;
}

void http_front_stop(struct http_front *front)
{
    if (front == NULL)
        return;
    MHD_stop_daemon(front->daemon);
    free(front);
}
