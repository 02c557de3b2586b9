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
#include "xrml/private_key_blob.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define BUCKETS 1024
#define MOST_CACHED 100000 /* past this, accounts are read from the store each time */

struct account {
    struct account *next;
    char email[SERVER_EMAIL_MAX + 1]; /* lower case */
    struct server_account account;
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
            server_account_clear(&a->account);
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

void server_account_clear(struct server_account *account)
{
    EVP_PKEY_free(account->key);
    OPENSSL_clear_free(account->blob, account->blob_length);
    memset(account, 0, sizeof *account);
}

/* A copy of `from` sharing its key. */
static HRESULT account_copy(const struct server_account *from, struct server_account *to)
{
    memset(to, 0, sizeof *to);
    to->blob = OPENSSL_malloc(from->blob_length);
    if (to->blob == NULL)
        return E_OUTOFMEMORY;
    memcpy(to->blob, from->blob, from->blob_length);
    to->blob_length = from->blob_length;
    memcpy(to->principal_id, from->principal_id, sizeof to->principal_id);
    EVP_PKEY_up_ref(from->key);
    to->key = from->key;
    return S_OK;
}

/* S_OK with a copy of the cached account, S_FALSE when none is cached. */
static HRESULT cached(struct server_accounts *accounts, const char *email,
                      struct server_account *account)
{
    HRESULT hr = S_FALSE;
    platform_mutex_lock(&accounts->lock);
    for (struct account *a = accounts->buckets[bucket_of(email)]; a != NULL; a = a->next) {
        if (strcmp(a->email, email) == 0) {
            hr = account_copy(&a->account, account);
            break;
        }
    }
    platform_mutex_unlock(&accounts->lock);
    return hr;
}

/* Remembers an account read from the store (another thread may have
 * remembered it meanwhile: then nothing changes). */
static void remember(struct server_accounts *accounts, const char *email,
                     const struct server_account *account)
{
    struct account *entry = calloc(1, sizeof *entry);
    if (entry == NULL || FAILED(account_copy(account, &entry->account))) {
        free(entry);
        return; /* it is only a cache */
    }
    memcpy(entry->email, email, strlen(email) + 1);
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
        server_account_clear(&entry->account);
        free(entry);
    }
}

/* The stored account: S_OK, S_FALSE when there is none. */
static HRESULT stored(struct server_accounts *accounts, const char *email,
                      struct server_account *account)
{
    char *id = NULL;
    uint8_t *der = NULL;
    size_t der_length = 0;
    HRESULT hr = server_store_find_user(accounts->store, email, &id, &der, &der_length);
    if (hr == S_OK) {
        account->key = server_key_from_der(der, der_length);
        if (account->key == NULL || strlen(id) != 38)
            hr = E_MSDRM_STORE_CORRUPT;
        else
            memcpy(account->principal_id, id, 39);
        if (hr == S_OK)
            hr = private_key_blob_write(account->key, &account->blob, &account->blob_length);
        if (hr == E_DRM_KEY_TYPE_UNSUPPORTED)
            hr = E_MSDRM_STORE_CORRUPT;
        if (FAILED(hr))
            server_account_clear(account);
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
                           struct server_account *account)
{
    memset(account, 0, sizeof *account);
    char lowered[SERVER_EMAIL_MAX + 1];
    size_t length = strlen(email);
    if (length > SERVER_EMAIL_MAX)
        return E_INVALIDARG;
    for (size_t i = 0; i <= length; i++)
        lowered[i] = email[i] >= 'A' && email[i] <= 'Z' ? (char)(email[i] - 'A' + 'a') : email[i];
    HRESULT hr = cached(accounts, lowered, account);
    if (hr != S_FALSE)
        return hr;
    hr = stored(accounts, lowered, account);
    if (hr == S_FALSE) {
        hr = create(accounts, lowered);
        if (SUCCEEDED(hr))
            hr = stored(accounts, lowered, account);
        if (hr == S_FALSE)
            hr = E_FAIL; /* kept, and gone at once */
    }
    if (hr == S_OK)
        remember(accounts, lowered, account);
    return hr;
}
