/*
 * openmsdrm - the lists MS-RMPR messages carry: certificate chains (each
 * XrML document as its literal UTF-8 text, leaf first: spec/rmpr.md
 * §2.4) and lists of plain strings (service types, template GUIDs).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_NET_RMPR_LISTS_H
#define MSDRM_NET_RMPR_LISTS_H

#include <stddef.h>

#include "msdrmdefs.h"

/* A chain: texts[i] is heap, NUL-terminated after lengths[i] bytes. */
struct rmpr_documents {
    size_t count;
    char **texts;
    size_t *lengths;
};

/* Frees every document and zeroes the list. */
void rmpr_documents_clear(struct rmpr_documents *documents);

/* Appends a copy of `length` bytes of `text`. E_OUTOFMEMORY leaves the
 * list as it was. */
HRESULT rmpr_documents_append(struct rmpr_documents *documents, const char *text, size_t length);

/* A list of heap, NUL-terminated UTF-8 strings. */
struct rmpr_strings {
    size_t count;
    char **items;
};

void rmpr_strings_clear(struct rmpr_strings *strings);

/* Appends a copy of `text` (NUL-terminated). E_OUTOFMEMORY leaves the
 * list as it was. */
HRESULT rmpr_strings_append(struct rmpr_strings *strings, const char *text);

#endif /* MSDRM_NET_RMPR_LISTS_H */
