/*
 * openmsdrm - who msdrm-server certifies. The user's identity is the
 * request's From header (RFC 9110 §10.1.2: the user's e-mail address);
 * real Windows authentication is out of scope for a test server. With
 * --users FILE only the addresses the file lists (one a line; blank
 * lines and lines starting with '#' ignored) are certified.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVER_USERS_H
#define MSDRM_SERVER_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "msdrmdefs.h"

/* Longest address accepted (RFC 5321 §4.5.3.1.3: a path of 256 octets). */
#define SERVER_EMAIL_MAX 254

struct server_users;

/* Reads the list. E_ACCESSDENIED when the file cannot be read,
 * E_INVALIDARG when a line is not an address (*bad_line says which,
 * from 1), E_OUTOFMEMORY. */
HRESULT server_users_load(const char *path, struct server_users **users, size_t *bad_line);
void server_users_free(struct server_users *users);

/* Whether `email` may be certified: always without a list; compared
 * without case. */
bool server_users_allow(const struct server_users *users, const char *email);

/* Whether `text` has the form of an address: one '@' with text on both
 * sides, a dot in the domain, printable ASCII without spaces, quotes or
 * angle brackets, at most SERVER_EMAIL_MAX characters. */
bool server_email_valid(const char *text);

#endif /* MSDRM_SERVER_USERS_H */
