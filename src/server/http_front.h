/*
 * openmsdrm - msdrm-server's HTTP front: libmicrohttpd serving
 * server_handle_request on a listening socket, with a pool of threads so
 * that requests are served concurrently, a body limit enforced before a
 * byte of an oversized body is read (413), and one line per request on
 * stderr.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_HTTP_FRONT_H
#define MSDRM_SERVER_HTTP_FRONT_H

#include <stdbool.h>

struct server;
struct http_front;

/* Starts serving `server` on `listen_socket` (bound and listening),
 * which the front then owns. False when libmicrohttpd refuses. */
bool http_front_start(struct server *server, int listen_socket, unsigned threads,
                      struct http_front **front);

/* Stops accepting, finishes the requests in progress, closes the socket. */
void http_front_stop(struct http_front *front);

#endif /* MSDRM_SERVER_HTTP_FRONT_H */
