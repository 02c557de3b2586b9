/*
 * openmsdrm - DRMGetServiceLocation (see service_location.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/service_location.h"

#include <stdlib.h>

#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

struct source {
    const WCHAR *registry_key;
    const char *environment;
};

/* A configured URL: the registry first, then the environment. */
static HRESULT configured(const struct source *source, WCHAR **url)
{
    HRESULT hr = platform_machine_setting(source->registry_key, url);
    if (hr != E_DRM_SERVICE_NOT_FOUND)
        return hr;
    char value[2048];
    if (!platform_env_get(source->environment, value, sizeof value) || value[0] == '\0')
        return E_DRM_SERVICE_NOT_FOUND;
    *url = wstr_from_utf8(value);
    return *url != NULL ? S_OK : E_OUTOFMEMORY;
}

#define SERVICE_KEY(name) MSDRM_WSTR("SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\" name)

static const struct source activation = {SERVICE_KEY("Activation"),
                                         "MSDRM_SERVICE_LOCATION_ACTIVATION"};
static const struct source enterprise_publishing = {SERVICE_KEY("EnterprisePublishing"),
                                                    "MSDRM_SERVICE_LOCATION_ENTERPRISEPUBLISHING"};
static const struct source cloud_publishing = {SERVICE_KEY("CloudPublishing"),
                                               "MSDRM_SERVICE_LOCATION_CLOUDPUBLISHING"};

HRESULT service_location_find(UINT type, UINT location, const WCHAR *issuance_license, WCHAR **url)
{
    *url = NULL;
    bool certification =
        type == DRM_SERVICE_TYPE_ACTIVATION || type == DRM_SERVICE_TYPE_CERTIFICATION;
    if (certification) {
        if (issuance_license != NULL)
            return E_NOTIMPL; /* ask the licensing server the licence names */
        if (location == DRM_SERVICE_LOCATION_INTERNET)
            return E_DRM_USE_DEFAULT;
        return configured(&activation, url);
    }
    /* Publishing or client licensor certificates. */
    if (location == DRM_SERVICE_LOCATION_INTERNET)
        return configured(&cloud_publishing, url);
    HRESULT hr = configured(&enterprise_publishing, url);
    if (hr == E_DRM_SERVICE_NOT_FOUND && issuance_license != NULL)
        hr = E_NOTIMPL; /* ask the licensing server the licence names */
    return hr;
}
