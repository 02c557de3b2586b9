/*
 * openmsdrm test tool - a scripted HTTP server on libmicrohttpd, for the
 * transport tests (tests/test_http.c), natively and under Wine. It plays
 * good and bad servers; the request's path picks which:
 *
 *   /hang             reads the request and never answers, until it stops
 *   /html500          HTTP 500 with an HTML page
 *   /huge             a 50 MB body with its Content-Length
 *   /huge-chunked     the same, chunked: the length is not known up front
 *   /status/NNN       status NNN with a short text body
 *   /close            drops the connection without an answer
 *   /truncated        announces a 1000-byte body, sends 10 and hangs up
 *   /delay/MS         the echo below, MS milliseconds late
 *   /drip             a 100-byte body, one byte every 100 ms
 *   /auth/negotiate   401 asking for Negotiate or NTLM
 *   /auth/basic       401 asking for Basic
 *   /stats            "requests=N huge_bytes=M authorized=A": how many
 *                     requests came, how many bytes of /huge* bodies it
 *                     produced, how many requests carried Authorization
 *   /closed-port      a port number on 127.0.0.1 that refuses connections
 *                     (bound by this server and never listened on, so no
 *                     one else takes it while the server runs)
 *   /garbage-port     a port number on 127.0.0.1 where this server answers
 *                     any connection with a line that is not HTTP
 *   /silent-port      a port number on 127.0.0.1 that takes connections and
 *                     never says anything (listened on, never accepted)
 *   /full-port        a port number on 127.0.0.1 whose queue of connections
 *                     is full, so that a new one is never made (its SYN is
 *                     dropped): the connect timeout's test
 *   /tls-port         a port number on 127.0.0.1 where this server speaks
 *                     HTTPS (the same paths) with a self-signed certificate
 *                     for 127.0.0.1 made at start, which no client trusts
 *   anything else     200 echoing the request: "method: ...", "path: ...",
 *                     "content-type: ...", "soapaction: ...", "from: ..."
 *                     (each header only when sent), "body-length: N", a
 *                     blank line, then the body
 *
 *   http_test_server [--port N]   (0, the default: a free port)
 *
 * Listens on 127.0.0.1 only; prints "http_test_server: listening on
 * http://127.0.0.1:PORT" on stdout when ready, one line per request on
 * stderr; SIGTERM or SIGINT stops it at once (hanging requests included).
 * A connection gets its own thread, so a hanging request blocks no other.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE /* TCP_QUICKACK */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define NAME "http_test_server"
#define HUGE_BODY_BYTES ((uint64_t)50 * 1000 * 1000)
#define MAX_UPLOAD ((size_t)64 << 20)
#define DRIP_BYTES 100
#define DRIP_INTERVAL_MS 100

/* --- stopping -------------------------------------------------------------------- */

static int closed_port = -1;
static int garbage_port = -1;
static int tls_port = -1;
static int silent_port = -1;
static int full_port = -1;

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t state_changed = PTHREAD_COND_INITIALIZER;
static bool stopping;
static unsigned long request_count;
static unsigned long authorized_count;
static uint64_t huge_bytes;

static bool is_stopping(void)
{
    pthread_mutex_lock(&state_lock);
    bool stop = stopping;
    pthread_mutex_unlock(&state_lock);
    return stop;
}

/* Sleeps `milliseconds`, or less when the server stops; false then. */
static bool pause_unless_stopping(long milliseconds)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += milliseconds / 1000;
    until.tv_nsec += (milliseconds % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&state_lock);
    int waited = 0;
    while (!stopping && waited != ETIMEDOUT)
        waited = pthread_cond_timedwait(&state_changed, &state_lock, &until);
    bool stop = stopping;
    pthread_mutex_unlock(&state_lock);
    return !stop;
}

/* --- replies ------------------------------------------------------------------------ */

static enum MHD_Result reply(struct MHD_Connection *connection, unsigned status,
                             const char *content_type, const char *body, size_t length)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (response == NULL)
        return MHD_NO;
    if (content_type != NULL)
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result reply_text(struct MHD_Connection *connection, unsigned status,
                                  const char *text)
{
    return reply(connection, status, "text/plain; charset=utf-8", text, strlen(text));
}

/* What arrived, as the default mode sends it back. */
static enum MHD_Result reply_echo(struct MHD_Connection *connection, const char *method,
                                  const char *path, const char *body, size_t length)
{
    static const char *const headers[][2] = {
        {"content-type", MHD_HTTP_HEADER_CONTENT_TYPE},
        {"soapaction", "SOAPAction"},
        {"from", MHD_HTTP_HEADER_FROM},
    };
    size_t size = strlen(method) + strlen(path) + length + 128;
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
        const char *value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, headers[i][1]);
        size += value != NULL ? strlen(value) + 16 : 0;
    }
    char *text = malloc(size);
    if (text == NULL)
        return MHD_NO;
    int used = snprintf(text, size, "method: %s\npath: %s\n", method, path);
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
        const char *value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, headers[i][1]);
        if (value != NULL)
            used += snprintf(text + used, size - (size_t)used, "%s: %s\n", headers[i][0], value);
    }
    used += snprintf(text + used, size - (size_t)used, "body-length: %zu\n\n", length);
    if (length != 0)
        memcpy(text + used, body, length);
    enum MHD_Result result =
        reply(connection, MHD_HTTP_OK, "text/plain; charset=utf-8", text, (size_t)used + length);
    free(text);
    return result;
}

/* /huge and /huge-chunked: 'x' after 'x', counted in huge_bytes. */
static ssize_t produce_huge(void *context, uint64_t position, char *buffer, size_t max)
{
    (void)context;
    if (is_stopping())
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (position >= HUGE_BODY_BYTES)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t count = HUGE_BODY_BYTES - position < max ? (size_t)(HUGE_BODY_BYTES - position) : max;
    memset(buffer, 'x', count);
    pthread_mutex_lock(&state_lock);
    huge_bytes += count;
    pthread_mutex_unlock(&state_lock);
    return (ssize_t)count;
}

/* /truncated: 10 of the 1000 bytes promised, then the connection is closed. */
static ssize_t produce_truncated(void *context, uint64_t position, char *buffer, size_t max)
{
    (void)context;
    if (position >= 10)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t count = max < 10 - position ? max : (size_t)(10 - position);
    memset(buffer, 't', count);
    return (ssize_t)count;
}

/* /drip: one byte, then a pause. */
static ssize_t produce_drip(void *context, uint64_t position, char *buffer, size_t max)
{
    (void)context;
    (void)max;
    if (position >= DRIP_BYTES)
        return MHD_CONTENT_READER_END_OF_STREAM;
    if (position > 0 && !pause_unless_stopping(DRIP_INTERVAL_MS))
        return MHD_CONTENT_READER_END_WITH_ERROR;
    buffer[0] = 'd';
    return 1;
}

static enum MHD_Result reply_generated(struct MHD_Connection *connection, uint64_t size,
                                       size_t block, MHD_ContentReaderCallback produce)
{
    struct MHD_Response *response =
        MHD_create_response_from_callback(size, block, produce, NULL, NULL);
    if (response == NULL)
        return MHD_NO;
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result reply_challenge(struct MHD_Connection *connection, const char *schemes[],
                                       size_t count)
{
    static const char page[] = "authentication required";
    struct MHD_Response *response =
        MHD_create_response_from_buffer(sizeof page - 1, (void *)page, MHD_RESPMEM_PERSISTENT);
    if (response == NULL)
        return MHD_NO;
    for (size_t i = 0; i < count; i++)
        MHD_add_response_header(response, MHD_HTTP_HEADER_WWW_AUTHENTICATE, schemes[i]);
    enum MHD_Result result = MHD_queue_response(connection, MHD_HTTP_UNAUTHORIZED, response);
    MHD_destroy_response(response);
    return result;
}

static enum MHD_Result reply_stats(struct MHD_Connection *connection)
{
    char text[128];
    pthread_mutex_lock(&state_lock);
    snprintf(text, sizeof text, "requests=%lu huge_bytes=%llu authorized=%lu\n", request_count,
             (unsigned long long)huge_bytes, authorized_count);
    pthread_mutex_unlock(&state_lock);
    return reply_text(connection, MHD_HTTP_OK, text);
}

static bool has_prefix(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* The request is complete: the path picks the answer. */
static enum MHD_Result answer(struct MHD_Connection *connection, const char *method,
                              const char *path, const char *body, size_t length)
{
    if (strcmp(path, "/hang") == 0) {
        while (pause_unless_stopping(1000))
            ;
        return MHD_NO; /* the connection is closed unanswered */
    }
    if (strcmp(path, "/close") == 0)
        return MHD_NO;
    if (strcmp(path, "/html500") == 0) {
        static const char page[] =
            "<html><head><title>Runtime Error</title></head><body><h1>Server Error in '/' "
            "Application.</h1></body></html>";
        return reply(connection, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page,
                     sizeof page - 1);
    }
    if (strcmp(path, "/huge") == 0)
        return reply_generated(connection, HUGE_BODY_BYTES, 65536, produce_huge);
    if (strcmp(path, "/huge-chunked") == 0)
        return reply_generated(connection, MHD_SIZE_UNKNOWN, 65536, produce_huge);
    if (strcmp(path, "/truncated") == 0)
        return reply_generated(connection, 1000, 1024, produce_truncated);
    if (strcmp(path, "/drip") == 0)
        return reply_generated(connection, DRIP_BYTES, 1, produce_drip);
    if (strcmp(path, "/stats") == 0)
        return reply_stats(connection);
    if (strcmp(path, "/closed-port") == 0 || strcmp(path, "/garbage-port") == 0 ||
        strcmp(path, "/silent-port") == 0 || strcmp(path, "/full-port") == 0 ||
        strcmp(path, "/tls-port") == 0) {
        int port = strcmp(path, "/closed-port") == 0    ? closed_port
                   : strcmp(path, "/garbage-port") == 0 ? garbage_port
                   : strcmp(path, "/silent-port") == 0  ? silent_port
                   : strcmp(path, "/full-port") == 0    ? full_port
                                                        : tls_port;
        char text[16];
        snprintf(text, sizeof text, "%d", port);
        return reply_text(connection, port > 0 ? MHD_HTTP_OK : MHD_HTTP_INTERNAL_SERVER_ERROR,
                          text);
    }
    if (strcmp(path, "/auth/negotiate") == 0) {
        const char *schemes[] = {"Negotiate", "NTLM"};
        return reply_challenge(connection, schemes, 2);
    }
    if (strcmp(path, "/auth/basic") == 0) {
        const char *schemes[] = {"Basic realm=\"test\""};
        return reply_challenge(connection, schemes, 1);
    }
    if (has_prefix(path, "/status/")) {
        unsigned long status = strtoul(path + 8, NULL, 10);
        if (status < 100 || status > 999)
            return reply_text(connection, MHD_HTTP_BAD_REQUEST, "bad status\n");
        char text[32];
        snprintf(text, sizeof text, "status %lu\n", status);
        return reply_text(connection, (unsigned)status, text);
    }
    if (has_prefix(path, "/delay/") && !pause_unless_stopping(strtol(path + 7, NULL, 10)))
        return MHD_NO;
    return reply_echo(connection, method, path, body, length);
}

/*
 * Acknowledges the request's headers at once. A client that writes its
 * headers and its body in two sends, with Nagle's algorithm on, holds the
 * body back until the headers are acknowledged; on a kept-alive
 * connection Linux delays that acknowledgement by 40 ms. Wine's WinHTTP
 * does just that, so without this every POST after a connection's first
 * would take 40 ms more than its work. (Setting TCP_QUICKACK sends an
 * acknowledgement that is due.)
 */
static void acknowledge_now(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info != NULL) {
        int on = 1;
        setsockopt(info->connect_fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
    }
}

/* --- requests ------------------------------------------------------------------------- */

/* A request's body as it arrives (MHD's per-request context). */
struct upload {
    char *data;
    size_t length;
    bool too_long;
};

static enum MHD_Result on_request(void *context, struct MHD_Connection *connection,
                                  const char *url, const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **request_context)
{
    (void)context;
    (void)version;
    struct upload *upload = *request_context;
    if (upload == NULL) {
        upload = calloc(1, sizeof *upload);
        if (upload == NULL)
            return MHD_NO;
        *request_context = upload;
        acknowledge_now(connection);
        return MHD_YES;
    }
    if (*upload_data_size != 0) {
        size_t size = *upload_data_size;
        *upload_data_size = 0;
        if (upload->too_long || size > MAX_UPLOAD - upload->length) {
            upload->too_long = true;
            return MHD_YES;
        }
        char *grown = realloc(upload->data, upload->length + size);
        if (grown == NULL)
            return MHD_NO;
        memcpy(grown + upload->length, upload_data, size);
        upload->data = grown;
        upload->length += size;
        return MHD_YES;
    }
    const char *authorization =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    pthread_mutex_lock(&state_lock);
    request_count++;
    authorized_count += authorization != NULL;
    pthread_mutex_unlock(&state_lock);
    fprintf(stderr, NAME ": %s %s (%zu bytes%s)\n", method, url, upload->length,
            authorization != NULL ? ", with Authorization" : "");
    if (upload->too_long)
        return reply_text(connection, MHD_HTTP_CONTENT_TOO_LARGE, "request too long\n");
    return answer(connection, method, url, upload->data, upload->length);
}

static void on_request_done(void *context, struct MHD_Connection *connection,
                            void **request_context, enum MHD_RequestTerminationCode why)
{
    (void)context;
    (void)connection;
    (void)why;
    struct upload *upload = *request_context;
    if (upload != NULL) {
        free(upload->data);
        free(upload);
        *request_context = NULL;
    }
}

/* A TCP socket bound to a free loopback port, and the port; -1 on failure. */
static int bind_loopback(int *port)
{
    int socket_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (socket_fd < 0)
        return -1;
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (bind(socket_fd, (struct sockaddr *)&address, sizeof address) != 0 ||
        getsockname(socket_fd, (struct sockaddr *)&address, &size) != 0) {
        close(socket_fd);
        return -1;
    }
    *port = ntohs(address.sin_port);
    return socket_fd;
}

/* A socket bound and never listened on: the system refuses connections
 * to its port, which stays ours until exit. Returns the port, -1. */
static int reserve_closed_port(void)
{
    int port = -1;
    return bind_loopback(&port) >= 0 ? port : -1;
}

/* A socket listened on and never accepted from: the system completes the
 * connections (its backlog) and nothing ever answers. The port, -1. */
static int reserve_silent_port(void)
{
    int port = -1;
    int socket_fd = bind_loopback(&port);
    return socket_fd >= 0 && listen(socket_fd, 64) == 0 ? port : -1;
}

/* A socket listened on with a backlog of none, and one connection of
 * ours in it: Linux drops the SYN of any other, which then never
 * connects. The port, -1. */
static int reserve_full_port(void)
{
    int port = -1;
    int socket_fd = bind_loopback(&port);
    if (socket_fd < 0 || listen(socket_fd, 0) != 0)
        return -1;
    int filler = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (filler < 0 || connect(filler, (struct sockaddr *)&address, sizeof address) != 0)
        return -1;
    return port;
}

/* The garbage listener: reads what comes for a moment, answers with a
 * line no HTTP client can take for a status line, hangs up. */
static void *serve_garbage(void *listening)
{
    int listen_fd = *(int *)listening;
    for (;;) {
        int fd = accept(listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        struct timeval wait = {0, 200000};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        char request[4096];
        ssize_t got = recv(fd, request, sizeof request, 0);
        (void)got;
        static const char garbage[] = "SSH-2.0-this is not HTTP\r\n\r\n";
        ssize_t sent = send(fd, garbage, sizeof garbage - 1, MSG_NOSIGNAL);
        (void)sent;
        close(fd);
    }
    return NULL;
}

/* Starts the garbage listener on a free loopback port; -1 on failure. It
 * runs until the process exits. */
static int start_garbage_listener(void)
{
    static int listen_fd = -1;
    int port = -1;
    listen_fd = bind_loopback(&port);
    pthread_t thread;
    if (listen_fd < 0 || listen(listen_fd, 16) != 0 ||
        pthread_create(&thread, NULL, serve_garbage, &listen_fd) != 0)
        return -1;
    pthread_detach(thread);
    return port;
}

/* --- HTTPS -------------------------------------------------------------------------------- */

/* A PEM text of what `write` puts in a memory BIO; NULL on failure. */
static char *pem_text(BIO *bio)
{
    char *data = NULL;
    long length = BIO_get_mem_data(bio, &data);
    char *text = length > 0 ? malloc((size_t)length + 1) : NULL;
    if (text != NULL) {
        memcpy(text, data, (size_t)length);
        text[length] = '\0';
    }
    return text;
}

/* A P-256 key and a self-signed certificate for 127.0.0.1, a day long. */
static bool make_self_signed(char **key_pem, char **certificate_pem)
{
    *key_pem = *certificate_pem = NULL;
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *certificate = X509_new();
    BIO *key_bio = BIO_new(BIO_s_mem()), *certificate_bio = BIO_new(BIO_s_mem());
    X509_EXTENSION *names = NULL;
    bool made = false;
    if (key != NULL && certificate != NULL && key_bio != NULL && certificate_bio != NULL) {
        X509_set_version(certificate, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
        X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
        X509_gmtime_adj(X509_getm_notAfter(certificate), 86400);
        X509_NAME *name = X509_get_subject_name(certificate);
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"127.0.0.1",
                                   -1, -1, 0);
        X509_set_issuer_name(certificate, name);
        X509_set_pubkey(certificate, key);
        names = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, "IP:127.0.0.1");
        made = names != NULL && X509_add_ext(certificate, names, -1) &&
               X509_sign(certificate, key, EVP_sha256()) > 0 &&
               PEM_write_bio_PrivateKey(key_bio, key, NULL, NULL, 0, NULL, NULL) &&
               PEM_write_bio_X509(certificate_bio, certificate);
    }
    if (made) {
        *key_pem = pem_text(key_bio);
        *certificate_pem = pem_text(certificate_bio);
        made = *key_pem != NULL && *certificate_pem != NULL;
    }
    X509_EXTENSION_free(names);
    BIO_free(key_bio);
    BIO_free(certificate_bio);
    X509_free(certificate);
    EVP_PKEY_free(key);
    return made;
}

/* The HTTPS daemon on a free loopback port; NULL (and tls_port -1) on failure. */
static struct MHD_Daemon *start_tls_daemon(unsigned flags, char **key_pem, char **certificate_pem)
{
    if (!make_self_signed(key_pem, certificate_pem)) {
        fprintf(stderr, NAME ": cannot make a certificate; no HTTPS\n");
        return NULL;
    }
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags | MHD_USE_TLS, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &address,
        MHD_OPTION_HTTPS_MEM_KEY, *key_pem, MHD_OPTION_HTTPS_MEM_CERT, *certificate_pem,
        MHD_OPTION_NOTIFY_COMPLETED, on_request_done, NULL, MHD_OPTION_END);
    const union MHD_DaemonInfo *info =
        daemon != NULL ? MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    tls_port = info != NULL ? info->port : -1;
    if (daemon == NULL)
        fprintf(stderr, NAME ": cannot start HTTPS\n");
    return daemon;
}

/* --- main -------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    unsigned long port = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            port = strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: " NAME " [--port N]\n");
            return 2;
        }
    }
    if (port > 65535) {
        fprintf(stderr, NAME ": bad port %lu\n", port);
        return 2;
    }

    /* Every thread, MHD's included, leaves the stop signals to sigwait. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    closed_port = reserve_closed_port();
    garbage_port = start_garbage_listener();
    silent_port = reserve_silent_port();
    full_port = reserve_full_port();
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                           MHD_USE_POLL | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, &address,
        MHD_OPTION_NOTIFY_COMPLETED, on_request_done, NULL, MHD_OPTION_END);
    if (daemon == NULL) {
        fprintf(stderr, NAME ": cannot listen on 127.0.0.1:%lu\n", port);
        return 1;
    }
    char *key_pem = NULL, *certificate_pem = NULL;
    struct MHD_Daemon *tls_daemon = start_tls_daemon(flags, &key_pem, &certificate_pem);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    printf(NAME ": listening on http://127.0.0.1:%u\n", info != NULL ? info->port : 0);
    fflush(stdout);

    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    pthread_mutex_lock(&state_lock);
    stopping = true;
    pthread_cond_broadcast(&state_changed);
    pthread_mutex_unlock(&state_lock);
    if (tls_daemon != NULL)
        MHD_stop_daemon(tls_daemon);
    MHD_stop_daemon(daemon);
    free(key_pem);
    free(certificate_pem);
    fprintf(stderr, NAME ": stopped\n");
    return 0;
}
