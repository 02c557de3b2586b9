/*
 * Makes a few calls whose results never change, for the trace-channel tests
 * in tests/CMakeLists.txt: with MSDRM_DEBUG set their output must show each
 * call and result; without it, nothing.
 */
#include <stdio.h>

#include "msdrm.h"

int main(void)
{
    /* A quote and a non-ASCII character, to show how strings are escaped. */
    static WCHAR data[] = {'a', '"', 'b', 0x00e9, 0};
    UINT size = 0;
    HRESULT attest = DRMAttest(DRMHANDLE_INVALID, data, DRMATTESTTYPE_HASHONLY, &size, NULL);
    HRESULT verify = DRMVerify(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    printf("DRMAttest 0x%08lx, DRMVerify 0x%08lx\n", (unsigned long)(unsigned)attest,
           (unsigned long)(unsigned)verify);
    return attest == E_NOTIMPL && verify == E_NOTIMPL ? 0 : 1;
}
