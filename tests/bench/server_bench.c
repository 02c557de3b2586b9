/*
 * Benchmark (issue 10): msdrm-server's Certify requests a second at 1 and
 * 2 concurrent clients over loopback, against the public-key work one
 * Certify must do, alone, measured in the same run on as many threads:
 * the floor. Target: at 2 clients, at least 50% of the floor.
 *
 *   cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DMSDRM_BUILD_TESTS=ON
 *   cmake --build build/release --target server_bench msdrm-server
 *   MSDRM_DATA_DIR=$(mktemp -d) build/release/bin/server_bench [runs]
 *
 * The program starts build/.../bin/msdrm-server itself on a fresh folder
 * and a free port. Each client is a thread with one keep-alive HTTP
 * connection, sending the same Certify (spec/rmpr.md §8, our DLL's
 * 1024-bit machine certificate, one user a client, so the user's key
 * exists after the first request, as for a returning user) and reading
 * each 200 reply whole. The floor per Certify: verify the machine
 * certificate's signature (RSA-1024, public), seal the user's key to the
 * machine key (sealed_private_key_seal: RSA-1024 public and AES), sign
 * the RAC (RSA-1024 with the SLC key, over a SHA-1 digest). Each run lasts
 * two seconds a figure; the medians of `runs` runs are printed.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
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
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench_median.h"
#include "client/machine_identity.h"
#include "license/sealed_private_key.h"
#include "net/rmpr_messages.h"
#include "store/license_store.h"

#ifndef MSDRM_SERVER_PROGRAM
#error "MSDRM_SERVER_PROGRAM comes from tests/bench/CMakeLists.txt"
#endif

#define SECONDS_PER_FIGURE 2.0
#define MAX_RUNS 15

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "server_bench: %s\n", what);
    exit(1);
}

/* --- the server --------------------------------------------------------------- */

static pid_t server_pid;
static unsigned server_port;

static void start_server(const char *folder)
{
    int out[2];
    if (pipe(out) != 0)
        die("pipe");
    server_pid = fork();
    if (server_pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        if (freopen("/dev/null", "w", stderr) == NULL)
            _exit(127);
        execl(MSDRM_SERVER_PROGRAM, MSDRM_SERVER_PROGRAM, "--listen", "127.0.0.1:0", "--data",
              folder, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *output = fdopen(out[0], "r");
    char line[512];
    if (fgets(line, sizeof line, output) == NULL ||
        sscanf(line, "msdrm-server: listening on http://127.0.0.1:%u/", &server_port) != 1)
        die("the server did not start");
    fclose(output);
}

/* --- the machine and the request ---------------------------------------------- */

static char *machine_certificate;
static EVP_PKEY *machine_key_public; /* the floor: a key of the machine key's size */

static void make_machine(const char *folder)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/client-store.db", folder);
    struct license_store *store = NULL;
    bool already = false;
    if (store_open(path, &store) != S_OK ||
        machine_identity_activate(store, false, &already) != S_OK)
        die("machine activation failed");
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_item item;
    if (store_list(store, &filter, &ids, &count) != S_OK || count == 0 ||
        store_get(store, ids[0], &item) != S_OK) /* index 0: the 1024-bit one */
        die("no machine certificate");
    machine_certificate = item.xrml;
    item.xrml = NULL;
    store_item_clear(&item);
    free(ids);
    store_close(store);
}

/* The whole HTTP request of a Certify for `from`. */
static char *certify_request(const char *from, size_t *length)
{
    char *texts[1] = {machine_certificate};
    size_t lengths[1] = {strlen(machine_certificate)};
    struct rmpr_documents chain = {1, texts, lengths};
    char *body = NULL;
    size_t body_length = 0;
    if (rmpr_write_certify_request(&chain, true, &body, &body_length) != S_OK)
        die("rmpr_write_certify_request");
    size_t room = body_length + 512;
    char *request = malloc(room);
    int head =
        snprintf(request, room,
                 "POST /_wmcs/certification/certification.asmx HTTP/1.1\r\n"
                 "Host: 127.0.0.1:%u\r\nContent-Type: text/xml; charset=utf-8\r\n"
                 "SOAPAction: \"%s\"\r\nFrom: %s\r\nContent-Length: %zu\r\n\r\n",
                 server_port, rmpr_operation_info(RMPR_CERTIFY)->soap_action, from, body_length);
    memcpy(request + head, body, body_length);
    *length = (size_t)head + body_length;
    free(body);
    return request;
}

/* --- clients -------------------------------------------------------------------- */

struct client {
    pthread_t thread;
    int index;
    double until;
    long done;
    bool failed;
};

static int connect_server(void)
{
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)server_port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0)
        die("connect");
    return fd;
}

/* Reads one response whole; false unless it is a 200. */
static bool read_response(int fd, char *buffer, size_t size)
{
    size_t got = 0;
    char *end = NULL;
    while (end == NULL) {
        ssize_t n = recv(fd, buffer + got, size - 1 - got, 0);
        if (n <= 0)
            return false;
        got += (size_t)n;
        buffer[got] = '\0';
        end = strstr(buffer, "\r\n\r\n");
    }
    const char *length_header = strstr(buffer, "Content-Length: ");
    if (length_header == NULL)
        length_header = strstr(buffer, "content-length: ");
    if (length_header == NULL)
        return false;
    size_t total = (size_t)(end + 4 - buffer) + strtoul(length_header + 16, NULL, 10);
    while (got < total) {
        ssize_t n =
            recv(fd, buffer + got, size - 1 - got < total - got ? size - 1 - got : total - got, 0);
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return strncmp(buffer, "HTTP/1.1 200", 12) == 0;
}

static void *run_client(void *argument)
{
    struct client *c = argument;
    char from[64];
    snprintf(from, sizeof from, "bench%d@openmsdrm.test", c->index);
    size_t length = 0;
    char *request = certify_request(from, &length);
    size_t size = 1 << 20;
    char *buffer = malloc(size);
    int fd = connect_server();
    while (now_s() < c->until) {
        if (send(fd, request, length, MSG_NOSIGNAL) != (ssize_t)length ||
            !read_response(fd, buffer, size)) {
            c->failed = true;
            break;
        }
        c->done++;
    }
    close(fd);
    free(buffer);
    free(request);
    return NULL;
}

/* Certify requests a second with `clients` connections. */
static double serve_rate(int clients)
{
    struct client c[2];
    double start = now_s();
    for (int i = 0; i < clients; i++) {
        c[i] = (struct client){.index = i, .until = start + SECONDS_PER_FIGURE};
        pthread_create(&c[i].thread, NULL, run_client, &c[i]);
    }
    long done = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(c[i].thread, NULL);
        if (c[i].failed)
            die("a Certify failed");
        done += c[i].done;
    }
    return (double)done / (now_s() - start);
}

/* --- the floor ---------------------------------------------------------------------- */

static EVP_PKEY *slc_key, *user_key;
static unsigned char machine_signature[128], digest[20];
static size_t machine_signature_length;

static void prepare_floor(void)
{
    slc_key = EVP_RSA_gen(1024);
    user_key = EVP_RSA_gen(1024);
    machine_key_public = EVP_RSA_gen(1024); /* same size as the machine's */
    memset(digest, 0x5a, sizeof digest);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(machine_key_public, NULL);
    machine_signature_length = sizeof machine_signature;
    if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha1()) != 1 ||
        EVP_PKEY_sign(ctx, machine_signature, &machine_signature_length, digest, sizeof digest) !=
            1)
        die("floor setup");
    EVP_PKEY_CTX_free(ctx);
}

/* The public-key work of one Certify. */
static void floor_once(void)
{
    EVP_PKEY_CTX *verify = EVP_PKEY_CTX_new(machine_key_public, NULL);
    if (verify == NULL || EVP_PKEY_verify_init(verify) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(verify, RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(verify, EVP_sha1()) != 1 ||
        EVP_PKEY_verify(verify, machine_signature, machine_signature_length, digest,
                        sizeof digest) != 1)
        die("floor verify");
    EVP_PKEY_CTX_free(verify);
    char *sealed = NULL;
    if (sealed_private_key_seal(machine_key_public, user_key, digest, &sealed) != S_OK)
        die("floor seal");
    free(sealed);
    unsigned char signature[128];
    size_t signature_length = sizeof signature;
    EVP_PKEY_CTX *sign = EVP_PKEY_CTX_new(slc_key, NULL);
    if (sign == NULL || EVP_PKEY_sign_init(sign) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(sign, RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(sign, EVP_sha1()) != 1 ||
        EVP_PKEY_sign(sign, signature, &signature_length, digest, sizeof digest) != 1)
        die("floor sign");
    EVP_PKEY_CTX_free(sign);
}

struct floor_thread {
    pthread_t thread;
    double until;
    long done;
};

static void *run_floor(void *argument)
{
    struct floor_thread *f = argument;
    while (now_s() < f->until) {
        floor_once();
        f->done++;
    }
    return NULL;
}

static double floor_rate(int threads)
{
    struct floor_thread f[2];
    double start = now_s();
    for (int i = 0; i < threads; i++) {
        f[i] = (struct floor_thread){.until = start + SECONDS_PER_FIGURE};
        pthread_create(&f[i].thread, NULL, run_floor, &f[i]);
    }
    long done = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(f[i].thread, NULL);
        done += f[i].done;
    }
    return (double)done / (now_s() - start);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        die("runs: 1 to 15");
    const char *root = getenv("MSDRM_DATA_DIR");
    if (root == NULL)
        die("set MSDRM_DATA_DIR to a folder of its own");
    mkdir(root, 0700);
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/server_bench", root);
    signal(SIGPIPE, SIG_IGN);
    make_machine(root);
    start_server(folder);
    prepare_floor();

    double floor1[MAX_RUNS], floor2[MAX_RUNS], serve1[MAX_RUNS], serve2[MAX_RUNS];
    for (int i = 0; i < runs; i++) {
        floor1[i] = floor_rate(1);
        floor2[i] = floor_rate(2);
        serve1[i] = serve_rate(1);
        serve2[i] = serve_rate(2);
        printf("run %d: floor %.0f/s (1 thread) %.0f/s (2); Certify %.0f/s (1 client) %.0f/s (2)\n",
               i + 1, floor1[i], floor2[i], serve1[i], serve2[i]);
        fflush(stdout);
    }
    double f1 = bench_median(floor1, (size_t)runs), f2 = bench_median(floor2, (size_t)runs);
    double s1 = bench_median(serve1, (size_t)runs), s2 = bench_median(serve2, (size_t)runs);
    printf("medians of %d runs: floor %.0f/s (1 thread), %.0f/s (2 threads); "
           "Certify %.0f/s (1 client), %.0f/s (2 clients)\n",
           runs, f1, f2, s1, s2);
    printf("Certify at 2 clients: %.0f%% of the 2-thread floor (target: 50%%), %.0f%% of the "
           "1-thread floor; 1 client: %.0f%% of the 1-thread floor\n",
           100 * s2 / f2, 100 * s2 / f1, 100 * s1 / f1);
    if (f2 < 1.7 * f1)
        printf("(the floor gained only %.2fx from a second thread: no second core was free)\n",
               f2 / f1);
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
    return 0;
}
