/*
 * For the trace-channel test trace_names (tests/CMakeLists.txt): results
 * and HRESULT arguments are traced with their names, our private codes
 * (util/private_errors.h) included. DRMIsActivated meets a store file
 * that is not a database (the test's data folder holds one), and an
 * HRESULT argument of each sort is traced.
 */
#include <stdio.h>

#include "util/private_errors.h"
#include "util/trace.h"
#include "ignore_status.h"
#include "msdrm.h"

int main(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    HRESULT created = DRMCreateClientSession(ignore_status, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                             NULL, &session);
    HRESULT activated = DRMIsActivated(session, DRM_ACTIVATE_MACHINE, NULL);
    if (SUCCEEDED(created))
        DRMCloseSession(session);
    if (trace_enabled()) {
        const struct trace_arg codes[] = {T_HRESULT(E_MSDRM_SESSION_IN_USE), T_HRESULT(S_OK),
                                          T_HRESULT(MSDRM_FROM_WIN32(2))};
        trace_call("named", codes, sizeof codes / sizeof codes[0]);
    }
    printf("DRMCreateClientSession 0x%08lx, DRMIsActivated 0x%08lx\n",
           (unsigned long)(unsigned)created, (unsigned long)(unsigned)activated);
    return created == S_OK && activated == E_MSDRM_STORE_CORRUPT ? 0 : 1;
}
