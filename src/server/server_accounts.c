/*
 * openmsdrm - users' accounts (see server_accounts.h): the store's
 * users table behind a hash table of the accounts read so far.
 *
 * The cache lock is never held while a key is generated or the store is
 * asked: two first requests of one address may both generate a key, the
 * store keeps the first, and both use the one it kept.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_accounts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rsa.h>

#include "server/server_identity.h"
#include "server/server_users.h"
#include "util/private_errors.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define BUCKETS 1024
#define MOST_CACHED 100000 /* past this, accounts are read from the store each time */

struct account {
    struct account *next;
    char email[SERVER_EMAIL_MAX + 1]; /* lower case */
    char principal_id[39];
    EVP_PKEY *key;
};

struct server_accounts {
    struct server_store *store;
    platform_mutex lock;
    struct account *buckets[BUCKETS];
    size_t count;
};

HRESULT server_accounts_new(struct server_store *store, struct server_accounts **accounts)
{
    *accounts = calloc(1, sizeof **accounts);
    if (*accounts == NULL)
        return E_OUTOFMEMORY;
    (*accounts)->store = store;
    platform_mutex_init(&(*accounts)->lock);
    return S_OK;
}

void server_accounts_free(struct server_accounts *accounts)
{
    if (accounts == NULL)
        return;
    for (size_t i = 0; i < BUCKETS; i++) {
        for (struct account *a = accounts->buckets[i], *next; a != NULL; a = next) {
            next = a->next;
            EVP_PKEY_free(a->key);
            free(a);
        }
    }
    platform_mutex_destroy(&accounts->lock);
    free(accounts);
}

/* FNV-1a of the lower-case address. */
static size_t bucket_of(const char *email)
{
    uint32_t hash = 2166136261u;
    for (; *email != '\0'; email++)
        hash = (hash ^ (unsigned char)*email) * 16777619u;
    return hash % BUCKETS;
}

static bool cached(struct server_accounts *accounts, const char *email, char principal_id[39],
                   EVP_PKEY **key)
{
    bool found = false;
    platform_mutex_lock(&accounts->lock);
    for (struct account *a = accounts->buckets[bucket_of(email)]; a != NULL; a = a->next) {
        if (strcmp(a->email, email) == 0) {
            memcpy(principal_id, a->principal_id, 39);
            EVP_PKEY_up_ref(a->key);
            *key = a->key;
            found = true;
            break;
        }
    }
    platform_mutex_unlock(&accounts->lock);
    return found;
}

/* Remembers an account read from the store (another thread may have
 * remembered it meanwhile: then nothing changes). */
static void remember(struct server_accounts *accounts, const char *email,
                     const char principal_id[39], EVP_PKEY *key)
{
    struct account *entry = calloc(1, sizeof *entry);
    if (entry == NULL)
        return; /* it is only a cache */
    memcpy(entry->email, email, strlen(email) + 1);
    memcpy(entry->principal_id, principal_id, 39);
    EVP_PKEY_up_ref(key);
    entry->key = key;
    size_t bucket = bucket_of(email);
    platform_mutex_lock(&accounts->lock);
    bool present = accounts->count >= MOST_CACHED;
    for (struct account *a = accounts->buckets[bucket]; a != NULL && !present; a = a->next)
        present = strcmp(a->email, email) == 0;
    if (!present) {
        entry->next = accounts->buckets[bucket];
        accounts->buckets[bucket] = entry;
        accounts->count++;
        entry = NULL;
    }
    platform_mutex_unlock(&accounts->lock);
    if (entry != NULL) {
        EVP_PKEY_free(entry->key);
        free(entry);
    }
}

/* The stored account: S_OK, S_FALSE when there is none. */
static HRESULT stored(struct server_accounts *accounts, const char *email, char principal_id[39],
                      EVP_PKEY **key)
{
    char *id = NULL;
    uint8_t *der = NULL;
    size_t der_length = 0;
    HRESULT hr = server_store_find_user(accounts->store, email, &id, &der, &der_length);
    if (hr == S_OK) {
        *key = server_key_from_der(der, der_length);
        if (*key == NULL || strlen(id) != 38) {
            EVP_PKEY_free(*key);
            *key = NULL;
            hr = E_MSDRM_STORE_CORRUPT;
        } else {
            memcpy(principal_id, id, 39);
        }
    }
    free(id);
    OPENSSL_clear_free(der, der_length);
    return hr;
}

/* Makes an account and offers it to the store, which keeps it unless
 * another request kept one first. */
static HRESULT create(struct server_accounts *accounts, const char *email)
{
    char principal_id[39];
    HRESULT hr = server_random_guid(principal_id);
    EVP_PKEY *key = SUCCEEDED(hr) ? EVP_RSA_gen(SERVER_USER_KEY_BITS) : NULL;
    uint8_t *der = NULL;
    size_t der_length = 0;
    if (SUCCEEDED(hr))
        hr = key == NULL ? E_OUTOFMEMORY : server_key_to_der(key, &der, &der_length);
    if (SUCCEEDED(hr))
        hr = server_store_add_user(accounts->store, email, principal_id, der, der_length);
    OPENSSL_clear_free(der, der_length);
    EVP_PKEY_free(key);
    return FAILED(hr) ? hr : S_OK;
}

HRESULT server_account_get(struct server_accounts *accounts, const char *email,
                           char principal_id[39], EVP_PKEY **key)
{
    *key = NULL;
    char lowered[SERVER_EMAIL_MAX + 1];
    size_t length = strlen(email);
    if (length > SERVER_EMAIL_MAX)
        return E_INVALIDARG;
    for (size_t i = 0; i <= length; i++)
        lowered[i] = email[i] >= 'A' && email[i] <= 'Z' ? (char)(email[i] - 'A' + 'a') : email[i];
    if (cached(accounts, lowered, principal_id, key))
        return S_OK;
    HRESULT hr = stored(accounts, lowered, principal_id, key);
    if (hr == S_FALSE) {
        hr = create(accounts, lowered);
        if (SUCCEEDED(hr))
            hr = stored(accounts, lowered, principal_id, key);
        if (hr == S_FALSE)
            hr = E_FAIL; /* kept, and gone at once */
    }
    if (hr == S_OK)
        remember(accounts, lowered, principal_id, *key);
    return hr;
}
