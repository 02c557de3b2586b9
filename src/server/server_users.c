/*
 * openmsdrm - the --users list (see server_users.h): sorted lower-case
 * addresses, searched by bisection.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msdrmerror.h"

struct server_users {
    char **addresses;
    size_t count;
};

bool server_email_valid(const char *text)
{
    size_t length = strlen(text);
    if (length == 0 || length > SERVER_EMAIL_MAX)
        return false;
    const char *at = strchr(text, '@');
    if (at == NULL || at == text || strchr(at + 1, '@') != NULL || at[1] == '\0')
        return false;
    const char *dot = strchr(at + 1, '.');
    if (dot == NULL || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *c = text; *c != '\0'; c++) {
        unsigned char u = (unsigned char)*c;
        if (u <= ' ' || u >= 0x7F || strchr("\"<>(),;:\\[]", u) != NULL)
            return false;
    }
    return true;
}

static void lower(char *text)
{
    for (; *text != '\0'; text++)
        if (*text >= 'A' && *text <= 'Z')
            *text = (char)(*text - 'A' + 'a');
}

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Strips the line end and the blanks around the text. */
static char *trim(char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    size_t length = strlen(line);
    while (length > 0 && strchr(" \t\r\n", line[length - 1]) != NULL)
        line[--length] = '\0';
    return line;
}

static HRESULT add(struct server_users *users, size_t *capacity, const char *address)
{
    if (users->count == *capacity) {
        size_t grown = *capacity == 0 ? 16 : *capacity * 2;
        char **bigger = realloc(users->addresses, grown * sizeof *bigger);
        if (bigger == NULL)
            return E_OUTOFMEMORY;
        users->addresses = bigger;
        *capacity = grown;
    }
    char *copy = malloc(strlen(address) + 1);
    if (copy == NULL)
        return E_OUTOFMEMORY;
    strcpy(copy, address);
    lower(copy);
    users->addresses[users->count++] = copy;
    return S_OK;
}

HRESULT server_users_load(const char *path, struct server_users **users, size_t *bad_line)
{
    *users = NULL;
    *bad_line = 0;
    FILE *file = fopen(path, "r");
    if (file == NULL)
        return E_ACCESSDENIED;
    struct server_users *list = calloc(1, sizeof *list);
    HRESULT hr = list == NULL ? E_OUTOFMEMORY : S_OK;
    size_t capacity = 0;
    char line[SERVER_EMAIL_MAX + 64];
    for (size_t number = 1; SUCCEEDED(hr) && fgets(line, sizeof line, file) != NULL; number++) {
        size_t length = strlen(line);
        if (length == sizeof line - 1 && line[length - 1] != '\n' && !feof(file)) {
            *bad_line = number; /* longer than any address */
            hr = E_INVALIDARG;
            break;
        }
        char *text = trim(line);
        if (*text == '\0' || *text == '#')
            continue;
        if (!server_email_valid(text)) {
            *bad_line = number;
            hr = E_INVALIDARG;
        } else {
            hr = add(list, &capacity, text);
        }
    }
    if (SUCCEEDED(hr) && ferror(file))
        hr = E_ACCESSDENIED;
    fclose(file);
    if (FAILED(hr)) {
        server_users_free(list);
        return hr;
    }
    qsort(list->addresses, list->count, sizeof *list->addresses, compare);
    *users = list;
    return S_OK;
}

void server_users_free(struct server_users *users)
{
    if (users == NULL)
        return;
    for (size_t i = 0; i < users->count; i++)
        free(users->addresses[i]);
    free(users->addresses);
    free(users);
}

bool server_users_allow(const struct server_users *users, const char *email)
{
    if (users == NULL)
        return true;
    char key[SERVER_EMAIL_MAX + 1];
    size_t length = strlen(email);
    if (length > SERVER_EMAIL_MAX)
        return false;
    memcpy(key, email, length + 1);
    lower(key);
    const char *wanted = key;
    return bsearch(&wanted, users->addresses, users->count, sizeof *users->addresses, compare) !=
           NULL;
}
