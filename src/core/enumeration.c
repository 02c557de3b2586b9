/*
 * openmsdrm - DRMEnumerateLicense's walk over the license store (see
 * enumeration.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "core/enumeration.h"

#include <stdlib.h>

#include "core/license_store.h"
#include "core/machine_identity.h"
#include "core/wstring.h"
#include "msdrmerror.h"

HRESULT enumerate_machine_certificate(UINT index, BOOL *shared, UINT *length, WCHAR *buffer)
{
    struct license_store *store = NULL;
    HRESULT hr = store_shared(&store);
    if (SUCCEEDED(hr))
        hr = machine_identity_check(store);
    int64_t *ids = NULL;
    size_t count = 0;
    if (SUCCEEDED(hr))
        hr = store_list(store, STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, &ids, &count);
    if (SUCCEEDED(hr) && index >= count)
        hr = E_DRM_NO_MORE_DATA;
    struct store_item item = {0};
    if (SUCCEEDED(hr))
        hr = store_get(store, ids[index], &item);
    if (hr == E_DRM_RECORD_NOT_FOUND)
        hr = E_DRM_NEEDS_MACHINE_ACTIVATION; /* repaired or reactivated meanwhile */
    WCHAR *certificate = NULL;
    if (SUCCEEDED(hr) && (certificate = wstr_from_utf8(item.xrml)) == NULL)
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        hr = wstr_return(certificate, length, buffer);
        if (SUCCEEDED(hr) && shared != NULL)
            *shared = FALSE;
    }
    free(certificate);
    store_item_clear(&item);
    free(ids);
    return hr;
}
