/*
 * openmsdrm - client licensor certificates (see client_licensor.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "credentials/client_licensor.h"

#include <stdlib.h>
#include <string.h>

#include "credentials/issued_chain.h"
#include "license/license_model.h"
#include "msdrmerror.h"

/* The ISSUE right of the CLC's first WORK (spec/xrml.md §4.4), or NULL. */
static const struct license_right *issue_right(const struct license_model *model)
{
    if (model->work_count == 0)
        return NULL;
    const struct license_work *work = &model->works[0];
    for (size_t g = 0; g < work->group_count; g++) {
        for (size_t r = 0; r < work->groups[g].right_count; r++) {
            const struct license_right *right = &work->groups[g].rights[r];
            if (right->name != NULL && strcmp(right->name, "ISSUE") == 0)
                return right;
        }
    }
    return NULL;
}

static HRESULT open_key(const struct xrml_document *clc, const struct license_model *model,
                        EVP_PKEY *rac_key, EVP_PKEY **key)
{
    *key = NULL;
    const struct license_right *right = issue_right(model);
    if (right == NULL || model->principal_count == 0)
        return E_DRM_INVALID_LICENSE;
    for (size_t a = 0; a < right->conditions.access_count; a++) {
        const struct license_access *access = &right->conditions.access[a];
        for (size_t p = 0; p < access->principal_count; p++) {
            const char *bits = access->principals[p].enabling_bits.value;
            if (bits == NULL)
                continue;
            HRESULT hr = issued_key_open(clc, bits, rac_key, model->principals[0].key, key);
            if (hr != E_DRM_INVALID_LICENSE)
                return hr;
        }
    }
    return E_DRM_INVALID_LICENSE;
}

HRESULT client_licensor_open_key(const struct xrml_document *clc, EVP_PKEY *rac_key, EVP_PKEY **key)
{
    *key = NULL;
    struct license_model model;
    HRESULT hr = license_model_read(clc, &model);
    if (FAILED(hr))
        return hr;
    hr = model.kind == LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE
             ? open_key(clc, &model, rac_key, key)
             : E_DRM_INVALID_LICENSE;
    license_model_clear(&model);
    return hr;
}

static const char *principal_id(const struct license_model *model)
{
    return model->principal_count > 0 && model->principals[0].object != NULL
               ? model->principals[0].object->id
               : NULL;
}

/* The CLC names the RAC's principal (its OBJECT ID, spec/rmpr.md §5.6). */
static HRESULT check_bound(const struct license_model *clc, const struct xrml_document *rac)
{
    struct license_model model;
    HRESULT hr = license_model_read(rac, &model);
    if (FAILED(hr))
        return hr;
    const char *clc_id = principal_id(clc), *rac_id = principal_id(&model);
    if (clc_id == NULL || rac_id == NULL || strcmp(clc_id, rac_id) != 0)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    license_model_clear(&model);
    return hr;
}

/* The ISSUE right's period: when the CLC may sign. */
static HRESULT check_period(const struct license_model *model, int64_t now, struct store_item *item)
{
    const struct license_right *right = issue_right(model);
    if (license_id(model) == NULL || right == NULL || model->principals[0].key == NULL)
        return E_DRM_INVALID_SERVER_RESPONSE;
    int64_t from = right->conditions.range_from, until = 0;
    if (from == LICENSE_TIME_INVALID || FAILED(license_rights_end(model, &until)))
        return E_DRM_INVALID_SERVER_RESPONSE;
    if (until != LICENSE_TIME_NONE && until <= now)
        return E_DRM_VALIDITYTIME_VIOLATION;
    item->valid_from = from;
    item->valid_until = until;
    return S_OK;
}

HRESULT client_licensor_accept(size_t count, char *const *texts, const size_t *lengths,
                               const struct xrml_document *rac, EVP_PKEY *rac_key, int64_t now,
                               struct store_item *item)
{
    memset(item, 0, sizeof *item);
    struct xrml_chain chain;
    HRESULT hr =
        issued_chain_read(count, texts, lengths, LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE, &chain);
    if (FAILED(hr))
        return hr;
    struct license_model model;
    hr = license_model_read(chain.documents[0], &model);
    if (SUCCEEDED(hr)) {
        hr = model.principal_count > 0 ? check_period(&model, now, item)
                                       : E_DRM_INVALID_SERVER_RESPONSE;
        if (SUCCEEDED(hr))
            hr = check_bound(&model, rac);
        EVP_PKEY *key = NULL;
        if (SUCCEEDED(hr)) {
            hr = open_key(chain.documents[0], &model, rac_key, &key);
            if (hr == E_DRM_INVALID_LICENSE)
                hr = E_DRM_INVALID_SERVER_RESPONSE; /* not sealed to this RAC */
        }
        EVP_PKEY_free(key);
        if (SUCCEEDED(hr))
            hr = issued_chain_describe(&model, &chain, STORE_CLIENT_LICENSOR_CERTIFICATE, item);
        license_model_clear(&model);
    }
    xrml_chain_clear(&chain);
    if (FAILED(hr))
        store_item_clear(item);
    return hr;
}
