/*
 * openmsdrm - build and dependency versions (see build_info.h). The
 * versions are asked of the linked libraries, not their headers, so a
 * trace shows what actually runs.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "util/build_info.h"

#include <stdio.h>

#include <libxml/parser.h>
#include <openssl/crypto.h>
#include <sqlite3.h>

#ifndef MSDRM_VERSION_STRING
#error "MSDRM_VERSION_STRING comes from CMakeLists.txt"
#endif

void build_info_describe(char *text, size_t size)
{
    if (size == 0)
        return;
    snprintf(text, size, "openmsdrm %s (%s, SQLite %s, libxml2 %s)", MSDRM_VERSION_STRING,
             OpenSSL_version(OPENSSL_VERSION), sqlite3_libversion(), xmlParserVersion);
}
