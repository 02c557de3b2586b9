/*
 * openmsdrm - msdrm-server, an AD RMS-compatible test server: the
 * client-facing operations of [MS-RMPR] at the paths of spec/rmpr.md §3,
 * independent of any HTTP library. The msdrm-server program puts
 * libmicrohttpd in front of server_handle_request; tests and the fuzzer
 * call it directly.
 *
 * Trust and identity (a test server, not a deployment): machine
 * certificates are trusted when our DLL made them (self-signed); the
 * user is whoever the From header names; real Windows authentication is
 * out of scope.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_H
#define MSDRM_SERVER_H

#include <stddef.h>

#include "msdrmdefs.h"

/* Where services live below the server's root (spec/rmpr.md §3). */
#define SERVER_BASE_PATH "/_wmcs"

/* Largest request body read (MS-RMPR requests are a few kilobytes). */
#define SERVER_MAX_BODY ((size_t)1 << 20)

struct server_config {
    const char *data_dir;              /* the server's state (created beforehand) */
    const char *base_url;              /* where clients reach it: "http://127.0.0.1:PORT/_wmcs" */
    const char *users_file;            /* NULL: everyone may be certified */
    const char *const *template_files; /* the --templates files */
    size_t template_count;
};

struct server;

/*
 * Opens the server: its state in data_dir (made on first start), the user
 * list, the templates signed. On failure *error (when not NULL) says in a
 * sentence what was wrong (static text, or names a file through
 * *error_detail: a path of `config`), for the program's message.
 */
HRESULT server_open(const struct server_config *config, struct server **server, const char **error,
                    const char **error_detail);
void server_close(struct server *server);

/* An HTTP reply. */
struct server_response {
    int status;               /* 200, 400, 404, 413, 500 */
    const char *content_type; /* static */
    char *body;               /* heap, NUL-terminated after `length` bytes */
    size_t length;
};

void server_response_clear(struct server_response *response);

/*
 * Answers one POST. `path` is the request's path (query string allowed,
 * ignored); `soap_action` and `from` are the header values or NULL; the
 * body is `length` bytes (not NUL-terminated). Every answer is in
 * *response: 200 with the operation's response, 500 with a SOAP fault
 * named as spec/rmpr.md §9 names it, 400 with a fault for a body that is
 * no request of the operation the path and SOAPAction name, 404 for a
 * path that serves nothing, 413 for a body over SERVER_MAX_BODY.
 * Thread-safe. Fails only when no answer could be made (E_OUTOFMEMORY).
 */
HRESULT server_handle_request(struct server *server, const char *path, const char *soap_action,
                              const char *from, const char *body, size_t length,
                              struct server_response *response);

#endif /* MSDRM_SERVER_H */
