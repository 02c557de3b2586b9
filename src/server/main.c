/*
 * openmsdrm - the msdrm-server program (README, "msdrm-server"):
 *
 *   msdrm-server --listen 127.0.0.1:PORT --data DIR [--templates DIR] [--users FILE]
 *
 * Port 0 picks a free port. When ready it prints one line,
 * "msdrm-server: listening on http://127.0.0.1:PORT/_wmcs", on stdout,
 * then one line per request on stderr. SIGTERM or SIGINT stops it: the
 * requests in progress finish, nothing new is accepted.
 *
 * This program is POSIX (sockets, signals, directories): the server runs
 * natively only, beside Wine when the DLL under test talks to it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _POSIX_C_SOURCE 200809L /* sigaction, clock_gettime, sockets */

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/http_front.h"
#include "server/server.h"

#define THREADS 8
#define MOST_TEMPLATES 1000

static const char usage[] =
    "usage: msdrm-server --listen HOST:PORT --data DIR [--templates DIR] [--users FILE]\n"
    "  --listen HOST:PORT  the address to serve (a numeric IPv4 address; port 0: any free one)\n"
    "  --data DIR          the server's state: keys, certificates, issued log (made if missing)\n"
    "  --templates DIR     rights policy templates to distribute (*.xml, unsigned)\n"
    "  --users FILE        only these e-mail addresses (one a line) may be certified\n";

struct options {
    const char *listen, *data, *templates, *users;
};

static int fail(const char *message, const char *detail)
{
    if (detail != NULL)
        fprintf(stderr, "msdrm-server: %s: %s\n", message, detail);
    else
        fprintf(stderr, "msdrm-server: %s\n", message);
    return 1;
}

static bool parse_options(int argc, char **argv, struct options *options)
{
    memset(options, 0, sizeof *options);
    for (int i = 1; i < argc; i++) {
        const char **slot = strcmp(argv[i], "--listen") == 0      ? &options->listen
                            : strcmp(argv[i], "--data") == 0      ? &options->data
                            : strcmp(argv[i], "--templates") == 0 ? &options->templates
                            : strcmp(argv[i], "--users") == 0     ? &options->users
                                                                  : NULL;
        if (slot == NULL) {
            fprintf(stderr, "msdrm-server: unknown argument %s\n%s", argv[i], usage);
            return false;
        }
        if (i + 1 >= argc || argv[i + 1][0] == '\0') {
            fprintf(stderr, "msdrm-server: %s needs a value\n%s", argv[i], usage);
            return false;
        }
        if (*slot != NULL) {
            fprintf(stderr, "msdrm-server: %s given twice\n%s", argv[i], usage);
            return false;
        }
        *slot = argv[++i];
    }
    if (options->listen == NULL || options->data == NULL) {
        fprintf(stderr, "msdrm-server: --listen and --data are required\n%s", usage);
        return false;
    }
    return true;
}

/* HOST:PORT as an address (its host text in `host`); false with a message. */
static bool parse_listen(const char *listen_at, char *host, size_t host_size,
                         struct sockaddr_in *address)
{
    const char *colon = strrchr(listen_at, ':');
    if (colon == NULL || colon == listen_at || (size_t)(colon - listen_at) >= host_size) {
        fail("--listen wants HOST:PORT, e.g. 127.0.0.1:0, not", listen_at);
        return false;
    }
    memcpy(host, listen_at, (size_t)(colon - listen_at));
    host[colon - listen_at] = '\0';
    char *end = NULL;
    unsigned long wanted = strtoul(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || wanted > 65535) {
        fail("--listen: the port is not a number from 0 to 65535", colon + 1);
        return false;
    }
    *address = (struct sockaddr_in){.sin_family = AF_INET, .sin_port = htons((uint16_t)wanted)};
    if (inet_pton(AF_INET, host, &address->sin_addr) != 1) {
        fail("--listen: the host is not a numeric IPv4 address", host);
        return false;
    }
    return true;
}

/* Binds and listens; the socket and the port it got, or -1 with a message. */
static int open_listener(struct sockaddr_in *address, const char *listen_at, unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        bind(fd, (struct sockaddr *)address, sizeof *address) != 0 || listen(fd, 128) != 0) {
        fail("cannot listen on", listen_at);
        fprintf(stderr, "msdrm-server: %s\n", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    socklen_t size = sizeof *address;
    getsockname(fd, (struct sockaddr *)address, &size);
    *port = ntohs(address->sin_port);
    return fd;
}

/* The --data folder, made with its parents (owner-only) when missing. */
static bool make_data_dir(const char *path)
{
    struct stat info;
    if (stat(path, &info) == 0)
        return S_ISDIR(info.st_mode);
    size_t length = strlen(path);
    char *copy = malloc(length + 1);
    if (copy == NULL)
        return false;
    memcpy(copy, path, length + 1);
    for (char *slash = strchr(copy + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            free(copy);
            return false;
        }
        *slash = '/';
    }
    free(copy);
    return mkdir(path, 0700) == 0 || errno == EEXIST;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.xml regular files of `folder`, sorted; false with a message. */
static bool list_templates(const char *folder, char ***paths, size_t *count)
{
    *paths = NULL;
    *count = 0;
    DIR *dir = opendir(folder);
    if (dir == NULL) {
        fail("cannot read the --templates folder", folder);
        return false;
    }
    char **list = calloc(MOST_TEMPLATES, sizeof *list);
    bool ok = list != NULL;
    for (struct dirent *entry; ok && (entry = readdir(dir)) != NULL;) {
        size_t length = strlen(entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 4, ".xml") != 0)
            continue;
        if (*count == MOST_TEMPLATES) {
            ok = false;
            fail("more than 1000 templates in", folder);
            break;
        }
        size_t size = strlen(folder) + length + 2;
        char *path = malloc(size);
        struct stat info;
        ok = path != NULL;
        if (ok) {
            snprintf(path, size, "%s/%s", folder, entry->d_name);
            if (stat(path, &info) == 0 && S_ISREG(info.st_mode))
                list[(*count)++] = path;
            else
                free(path);
        }
    }
    closedir(dir);
    if (!ok) {
        for (size_t i = 0; list != NULL && i < *count; i++)
            free(list[i]);
        free(list);
        *count = 0;
        return false;
    }
    qsort(list, *count, sizeof *list, compare_paths);
    *paths = list;
    return true;
}

static int stop_pipe[2] = {-1, -1};

static void on_signal(int number)
{
    (void)number;
    char byte = 1;
    ssize_t ignored = write(stop_pipe[1], &byte, 1);
    (void)ignored;
}

static bool catch_signals(void)
{
    if (pipe(stop_pipe) != 0)
        return false;
    struct sigaction stop = {.sa_handler = on_signal};
    sigemptyset(&stop.sa_mask);
    struct sigaction ignore = {.sa_handler = SIG_IGN};
    sigemptyset(&ignore.sa_mask);
    return sigaction(SIGTERM, &stop, NULL) == 0 && sigaction(SIGINT, &stop, NULL) == 0 &&
           sigaction(SIGPIPE, &ignore, NULL) == 0;
}

int main(int argc, char **argv)
{
    /* Arguments that are wrong: exit 2; what cannot be done: exit 1. */
    struct options options;
    char host[64];
    struct sockaddr_in address;
    if (!parse_options(argc, argv, &options) ||
        !parse_listen(options.listen, host, sizeof host, &address))
        return 2;
    if (!make_data_dir(options.data))
        return fail("--data is not a folder that exists or can be made", options.data);
    char **templates = NULL;
    size_t template_count = 0;
    if (options.templates != NULL &&
        !list_templates(options.templates, &templates, &template_count))
        return 1;
    if (!catch_signals())
        return fail("cannot install the signal handlers", NULL);

    unsigned port = 0;
    int listener = open_listener(&address, options.listen, &port);
    if (listener < 0)
        return 1;
    char base_url[128];
    snprintf(base_url, sizeof base_url, "http://%s:%u%s", host, port, SERVER_BASE_PATH);

    struct server_config config = {.data_dir = options.data,
                                   .base_url = base_url,
                                   .users_file = options.users,
                                   .template_files = (const char *const *)templates,
                                   .template_count = template_count};
    struct server *server = NULL;
    const char *error = NULL, *detail = NULL;
    if (server_open(&config, &server, &error, &detail) != S_OK) {
        close(listener);
        return fail(error != NULL ? error : "cannot start", detail);
    }
    struct http_front *front = NULL;
    if (!http_front_start(server, listener, THREADS, &front)) {
        close(listener);
        server_close(server);
        return fail("libmicrohttpd cannot serve the socket", NULL);
    }
    printf("msdrm-server: listening on %s\n", base_url);
    fflush(stdout);

    char byte;
    while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR)
        continue;
    http_front_stop(front);
    server_close(server);
    for (size_t i = 0; i < template_count; i++)
        free(templates[i]);
    free(templates);
    fprintf(stderr, "msdrm-server: stopped\n");
    return 0;
}
