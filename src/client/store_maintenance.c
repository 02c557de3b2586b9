/*
 * openmsdrm - DRMDeleteLicense and DRMRepair (see store_maintenance.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/store_maintenance.h"

#include <stdlib.h>

#include "store/license_store.h"
#include "client/license_scope.h"
#include "client/machine_identity.h"
#include "client/session.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define CLIENT_SESSION_DELETES                                                                     \
    (STORE_KIND_MASK(STORE_END_USER_LICENSE) | STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE) | \
     STORE_KIND_MASK(STORE_CLIENT_LICENSOR_CERTIFICATE) |                                          \
     STORE_KIND_MASK(STORE_ISSUANCE_LICENSE_TEMPLATE))
#define STORAGE_SESSION_DELETES                                                                    \
    (STORE_KIND_MASK(STORE_END_USER_LICENSE) | STORE_KIND_MASK(STORE_REVOCATION_LIST))

HRESULT store_delete_for_session(DRMHSESSION session, const WCHAR *license_id)
{
    struct object *object = NULL;
    struct license_scope scope;
    HRESULT hr = session_scope(session, &object, &scope);
    if (FAILED(hr))
        return hr;
    char *id = wstr_to_utf8(license_id);
    struct license_store *store = NULL;
    hr = id == NULL ? E_INVALIDARG : store_shared(&store);
    /* A storage session deletes by license ID only (content IDs need a
     * client session); both delete from their temporary store too. */
    uint32_t kinds = scope.storage_session ? STORAGE_SESSION_DELETES : CLIENT_SESSION_DELETES;
    if (SUCCEEDED(hr))
        hr = scope.storage_session ? store_delete_license_id(store, kinds, id)
                                   : store_delete_license(store, kinds, id);
    if ((SUCCEEDED(hr) || hr == E_DRM_RECORD_NOT_FOUND) &&
        temporary_store_delete(scope.temporary, kinds, id))
        hr = S_OK;
    free(id);
    object_unref(object);
    return hr;
}

static HRESULT count_items(struct license_store *store, const struct store_filter *filter,
                           size_t *count)
{
    int64_t *ids = NULL;
    HRESULT hr = store_list(store, filter, &ids, count);
    free(ids);
    return hr;
}

HRESULT store_repair(void)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    if (SUCCEEDED(hr))
        hr = platform_user_lock_acquire(&lock, &abandoned);
    if (FAILED(hr))
        return hr;

    const uint32_t user_certificates = STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE) |
                                       STORE_KIND_MASK(STORE_CLIENT_LICENSOR_CERTIFICATE);
    hr = machine_identity_check(store);
    if (hr == E_DRM_NEEDS_MACHINE_ACTIVATION) {
        hr = store_delete_kinds(store, STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE) |
                                           STORE_KIND_MASK(STORE_LOCKBOX) | user_certificates);
    } else if (SUCCEEDED(hr)) {
        size_t all = 0, valid = 0;
        struct store_filter any = {STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE), NULL, 0,
                                   NULL};
        struct store_filter unexpired = any;
        unexpired.valid_at = platform_time_now_seconds();
        hr = count_items(store, &any, &all);
        if (SUCCEEDED(hr))
            hr = count_items(store, &unexpired, &valid);
        if (SUCCEEDED(hr) && all > 0 && valid == 0)
            hr = store_delete_kinds(store, user_certificates);
    }
    platform_user_lock_release(lock);
    return hr;
}
