/*
 * openmsdrm - process-wide options and protected-content registration
 * (see global_options.h).
 *
 * An option, once set, stays set: the documentation says options cannot
 * be toggled (functions/DRMSetGlobalOptions.md). WinHTTP or WinINet makes
 * no difference to us (we have one transport); the server lockbox option
 * selects the server lockbox path DRMGetSecurityProvider reports.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "runtime/global_options.h"

#include <stdatomic.h>

#include "msdrmerror.h"

static atomic_uint options_set;
static atomic_uint content_count;

HRESULT global_option_set(DRMGLOBALOPTIONS option)
{
    unsigned bit = 1u << (unsigned)option;
    unsigned before = atomic_fetch_or(&options_set, bit);
    return (before & bit) != 0 ? E_DRM_GLOBAL_OPTION_ALREADY_SET : S_OK;
}

bool global_option_is_set(DRMGLOBALOPTIONS option)
{
    return (atomic_load(&options_set) & (1u << (unsigned)option)) != 0;
}

HRESULT content_register(bool registering)
{
    if (registering) {
        atomic_fetch_add(&content_count, 1);
        return S_OK;
    }
    unsigned count = atomic_load(&content_count);
    do {
        if (count == 0)
            return E_INVALIDARG; /* a FALSE without its TRUE */
    } while (!atomic_compare_exchange_weak(&content_count, &count, count - 1));
    return S_OK;
}
