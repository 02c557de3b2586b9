/*
 * A DRMCALLBACK that accepts every status message and does nothing, for
 * tests that need a session but not its messages.
 */
#ifndef MSDRM_TEST_IGNORE_STATUS_H
#define MSDRM_TEST_IGNORE_STATUS_H

#include "msdrmdefs.h"

static inline HRESULT __stdcall ignore_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                              void *context)
{
    (void)message;
    (void)status;
    (void)param;
    (void)context;
    return S_OK;
}

#endif /* MSDRM_TEST_IGNORE_STATUS_H */
