/*
 * openmsdrm - opening and closing msdrm-server (see server.h; the
 * operations are in server_dispatch.c).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "util/base64.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define STATE_FILE "server.db"

static char *joined(const char *a, const char *b)
{
    size_t length = strlen(a) + strlen(b) + 1;
    char *text = malloc(length);
    if (text != NULL)
        snprintf(text, length, "%s%s", a, b);
    return text;
}

/* TemplateInformation.ServerPublicKey: base64 of the SLC key as a PKCS#1
 * RSAPublicKey (spec/rmpr.md §5.9). */
static HRESULT slc_public_key_text(EVP_PKEY *key, char **text)
{
    unsigned char *der = NULL;
    int length = i2d_PublicKey(key, &der);
    if (length <= 0)
        return E_OUTOFMEMORY;
    HRESULT hr = base64_encode_new(der, (size_t)length, text);
    OPENSSL_free(der);
    return hr;
}

static HRESULT open_state(struct server *server, const struct server_config *config,
                          const char **error)
{
    char *path = joined(config->data_dir, "/" STATE_FILE);
    if (path == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = server_store_open(path, &server->store);
    free(path);
    if (FAILED(hr)) {
        *error = "cannot open the state database in the --data folder";
        return hr;
    }
    hr = server_identity_load(server->store, &server->identity);
    if (FAILED(hr)) {
        *error = "cannot load or make the server's keys and certificates";
        return hr;
    }
    hr = server_accounts_new(server->store, &server->accounts);
    if (SUCCEEDED(hr))
        hr = server_rac_issuer_hash(server, server->rac_issuer_hash);
    if (SUCCEEDED(hr))
        hr = server_clc_issuer_hash(server, server->clc_issuer_hash);
    if (SUCCEEDED(hr))
        hr = slc_public_key_text(server->identity.slc_key, &server->slc_public_key);
    if (FAILED(hr))
        *error = "cannot prepare the server's certificates";
    return hr;
}

HRESULT server_open(const struct server_config *config, struct server **opened, const char **error,
                    const char **error_detail)
{
    const char *ignored_error = NULL, *ignored_detail = NULL;
    if (error == NULL)
        error = &ignored_error;
    if (error_detail == NULL)
        error_detail = &ignored_detail;
    *error = NULL;
    *error_detail = NULL;
    *opened = NULL;
    struct server *server = calloc(1, sizeof *server);
    if (server == NULL)
        return E_OUTOFMEMORY;
    HRESULT hr = S_OK;
    server->base_url = str_copy(config->base_url);
    server->certification_url = joined(config->base_url, "/certification");
    server->licensing_url = joined(config->base_url, "/licensing");
    if (server->base_url == NULL || server->certification_url == NULL ||
        server->licensing_url == NULL)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && config->users_file != NULL) {
        size_t bad_line = 0;
        hr = server_users_load(config->users_file, &server->users, &bad_line);
        if (hr == E_INVALIDARG)
            *error = "a line of the --users file is not an e-mail address";
        else if (FAILED(hr))
            *error = "cannot read the --users file";
        if (FAILED(hr))
            *error_detail = config->users_file;
    }
    if (SUCCEEDED(hr))
        hr = open_state(server, config, error);
    if (SUCCEEDED(hr)) {
        size_t bad_file = 0;
        hr =
            server_templates_load(config->template_files, config->template_count, &server->identity,
                                  server->licensing_url, &server->templates, &bad_file);
        if (FAILED(hr) && bad_file < config->template_count) {
            *error = hr == E_ACCESSDENIED ? "cannot read a template file"
                                          : "a template file is not a rights policy template "
                                            "with a GUID of its own";
            *error_detail = config->template_files[bad_file];
        }
    }
    if (FAILED(hr)) {
        if (*error == NULL)
            *error = "out of memory";
        server_close(server);
        return hr;
    }
    *opened = server;
    return S_OK;
}

void server_close(struct server *server)
{
    if (server == NULL)
        return;
    server_templates_free(server->templates);
    server_accounts_free(server->accounts);
    server_identity_clear(&server->identity);
    server_store_close(server->store);
    server_users_free(server->users);
    free(server->slc_public_key);
    free(server->base_url);
    free(server->certification_url);
    free(server->licensing_url);
    free(server);
}
