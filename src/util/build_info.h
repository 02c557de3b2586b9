/*
 * openmsdrm - which openmsdrm and which dependency versions this binary
 * holds, for the trace channel's first line and for bug reports.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_BUILD_INFO_H
#define MSDRM_BUILD_INFO_H

#include <stddef.h>

/* Writes e.g. "openmsdrm 0.1.0 (OpenSSL 3.0.x, SQLite 3.40.1, libxml2 20914)". */
void build_info_describe(char *text, size_t size);

#endif /* MSDRM_BUILD_INFO_H */
