/*
 * openmsdrm - the lists MS-RMPR messages carry (see rmpr_lists.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_lists.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

void rmpr_documents_clear(struct rmpr_documents *documents)
{
    for (size_t i = 0; i < documents->count; i++)
        free(documents->texts[i]);
    free(documents->texts);
    free(documents->lengths);
    memset(documents, 0, sizeof *documents);
}

HRESULT rmpr_documents_append(struct rmpr_documents *documents, const char *text, size_t length)
{
    if (length == SIZE_MAX || documents->count >= SIZE_MAX / sizeof(char *) - 1)
        return E_OUTOFMEMORY;
    char *copy = malloc(length + 1);
    char **texts = realloc(documents->texts, (documents->count + 1) * sizeof *texts);
    if (texts != NULL)
        documents->texts = texts;
    size_t *lengths = realloc(documents->lengths, (documents->count + 1) * sizeof *lengths);
    if (lengths != NULL)
        documents->lengths = lengths;
    if (copy == NULL || texts == NULL || lengths == NULL) {
        free(copy); /* a grown array is harmless: count says what is used */
        return E_OUTOFMEMORY;
    }
    memcpy(copy, text, length);
    copy[length] = '\0';
    documents->texts[documents->count] = copy;
    documents->lengths[documents->count] = length;
    documents->count++;
    return S_OK;
}

void rmpr_strings_clear(struct rmpr_strings *strings)
{
    for (size_t i = 0; i < strings->count; i++)
        free(strings->items[i]);
    free(strings->items);
    memset(strings, 0, sizeof *strings);
}

HRESULT rmpr_strings_append(struct rmpr_strings *strings, const char *text)
{
    if (strings->count >= SIZE_MAX / sizeof(char *) - 1)
        return E_OUTOFMEMORY;
    size_t length = strlen(text);
    char *copy = malloc(length + 1);
    char **items = realloc(strings->items, (strings->count + 1) * sizeof *items);
    if (items != NULL)
        strings->items = items;
    if (copy == NULL || items == NULL) {
        free(copy);
        return E_OUTOFMEMORY;
    }
    memcpy(copy, text, length + 1);
    strings->items[strings->count++] = copy;
    return S_OK;
}
