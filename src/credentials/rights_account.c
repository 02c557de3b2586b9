/*
 * openmsdrm - rights account certificates (see rights_account.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "credentials/rights_account.h"

#include <stdlib.h>
#include <string.h>

#include "credentials/issued_chain.h"
#include "license/license_model.h"
#include "msdrmerror.h"

/* How far the server's clock may run ahead of ours. */
#define CLOCK_SKEW_SECONDS (15 * 60)

static const struct machine_key *machine_named(const struct license_party *principal,
                                               const struct machine_key *machines, size_t count)
{
    const char *id = principal->object != NULL ? principal->object->id : NULL;
    for (size_t i = 0; id != NULL && i < count; i++) {
        if (machines[i].machine_id != NULL && strcmp(machines[i].machine_id, id) == 0)
            return &machines[i];
    }
    return NULL;
}

static HRESULT open_key(const struct xrml_document *rac, const struct license_model *model,
                        const struct machine_key *machines, size_t machine_count, EVP_PKEY **key)
{
    *key = NULL;
    if (model->principal_count == 0)
        return E_DRM_INVALID_LICENSE;
    for (size_t i = 0; i < model->federation_principal_count; i++) {
        const struct license_party *principal = &model->federation_principals[i];
        const struct machine_key *machine = machine_named(principal, machines, machine_count);
        if (machine == NULL)
            continue;
        HRESULT hr = issued_key_open(rac, principal->enabling_bits.value, machine->key,
                                     model->principals[0].key, key);
        if (hr != E_DRM_INVALID_LICENSE)
            return hr;
    }
    return E_DRM_INVALID_LICENSE;
}

HRESULT rights_account_open_key(const struct xrml_document *rac, const struct machine_key *machines,
                                size_t machine_count, EVP_PKEY **key)
{
    *key = NULL;
    struct license_model model;
    HRESULT hr = license_model_read(rac, &model);
    if (FAILED(hr))
        return hr;
    hr = model.kind == LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE
             ? open_key(rac, &model, machines, machine_count, key)
             : E_DRM_INVALID_LICENSE;
    license_model_clear(&model);
    return hr;
}

/* What a stored RAC must have: an ID to delete it by, a principal with a
 * key, and a validity period that holds now. */
static HRESULT check_model(const struct license_model *model, int64_t now)
{
    if (license_id(model) == NULL || model->principal_count == 0 ||
        model->principals[0].key == NULL || model->valid_from == LICENSE_TIME_INVALID ||
        model->valid_until == LICENSE_TIME_INVALID || model->valid_until == LICENSE_TIME_NONE)
        return E_DRM_INVALID_SERVER_RESPONSE;
    if (model->valid_from > now + CLOCK_SKEW_SECONDS || model->valid_until <= now)
        return E_DRM_VALIDITYTIME_VIOLATION;
    return S_OK;
}

HRESULT rights_account_accept(size_t count, char *const *texts, const size_t *lengths,
                              const struct machine_key *machines, size_t machine_count, int64_t now,
                              struct store_item *item)
{
    memset(item, 0, sizeof *item);
    struct xrml_chain chain;
    HRESULT hr =
        issued_chain_read(count, texts, lengths, LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE, &chain);
    if (FAILED(hr))
        return hr;
    struct license_model model;
    hr = license_model_read(chain.documents[0], &model);
    if (SUCCEEDED(hr)) {
        hr = check_model(&model, now);
        EVP_PKEY *key = NULL;
        if (SUCCEEDED(hr)) {
            hr = open_key(chain.documents[0], &model, machines, machine_count, &key);
            if (hr == E_DRM_INVALID_LICENSE)
                hr = E_DRM_INVALID_SERVER_RESPONSE; /* not sealed to this machine */
        }
        EVP_PKEY_free(key);
        if (SUCCEEDED(hr)) {
            item->valid_from = model.valid_from;
            item->valid_until = model.valid_until;
            hr = issued_chain_describe(&model, &chain, STORE_RIGHTS_ACCOUNT_CERTIFICATE, item);
        }
        license_model_clear(&model);
    }
    xrml_chain_clear(&chain);
    if (FAILED(hr))
        store_item_clear(item);
    return hr;
}
