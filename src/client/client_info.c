/*
 * openmsdrm - the client's version, hierarchy and lockbox (see
 * client_info.h).
 *
 * Version: we report that of the msdrm.dll whose export table we
 * reproduce, Windows 10 19041 (10.0.19041.1), since applications compare
 * it with the client versions they know; openmsdrm's own version is in the
 * trace channel's first line. Hierarchy: "Production" (test servers we
 * ship will issue into their own hierarchy, reported when that lands).
 *
 * Lockbox: Windows keeps the machine's private key in a security-processor
 * DLL; ours lives in the user's data folder, so that is the path we report
 * ("lockbox", or "lockbox-server" with the server lockbox option), with
 * the type "filename" the documentation names.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "client/client_info.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/global_options.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

static const DWORD reported_version[4] = {10, 0, 19041, 1};
static const char hierarchy[] = "Production";

void client_info_version(DRM_CLIENT_VERSION_INFO *info)
{
    memcpy(info->dwVersion, reported_version, sizeof reported_version);
    size_t i = 0;
    for (; hierarchy[i] != '\0'; i++)
        info->wszHierarchy[i] = (WCHAR)hierarchy[i];
    info->wszHierarchy[i] = 0;
}

static size_t wide_length(const WCHAR *text)
{
    size_t length = 0;
    while (text[length] != 0)
        length++;
    return length;
}

HRESULT client_info_lockbox_path(WCHAR **path)
{
    char folder[4096];
    char file[4096 + 32];
    *path = NULL;
    HRESULT hr = platform_user_data_dir(folder, sizeof folder);
    if (FAILED(hr))
        return hr;
    bool server = global_option_is_set(DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR);
    snprintf(file, sizeof file, "%s%s%s", folder, platform_path_separator(),
             server ? "lockbox-server" : "lockbox");
    *path = wstr_from_utf8(file);
    return *path == NULL ? E_OUTOFMEMORY : S_OK;
}

HRESULT client_info_security_provider(UINT *type_length, WCHAR *type, UINT *path_length,
                                      WCHAR *path)
{
    WCHAR *path_text = NULL;
    HRESULT hr = client_info_lockbox_path(&path_text);
    if (FAILED(hr))
        return hr;

    WCHAR *type_text = wstr_from_utf8("filename");
    if (type_text == NULL) {
        hr = E_OUTOFMEMORY;
    } else {
        size_t type_needed = wide_length(type_text) + 1;
        size_t path_needed = wide_length(path_text) + 1;
        bool fits = type == NULL || (*type_length >= type_needed && *path_length >= path_needed);
        if (type != NULL && fits) {
            memcpy(type, type_text, type_needed * sizeof(WCHAR));
            memcpy(path, path_text, path_needed * sizeof(WCHAR));
        }
        *type_length = (UINT)type_needed;
        *path_length = (UINT)path_needed;
        hr = fits ? S_OK : E_DRM_INSUFFICIENT_BUFFER;
    }
    free(type_text);
    free(path_text);
    return hr;
}
