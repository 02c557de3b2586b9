/*
 * openmsdrm - exports: the COM in-process server entry points.
 *
 * msdrm.dll exports them, but nothing public says which classes it serves
 * (spec/exports.md). We serve none, so these behave as those of a DLL
 * without COM classes: no class object is ever handed out, there is nothing
 * to register, and COM may always drop its load reference (the loader's own
 * reference count keeps us loaded for anyone else).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DllCanUnloadNow(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    TRACE_CALL(T_PTR(rclsid), T_PTR(riid), T_PTR(ppv));
    if (ppv == NULL)
        return TRACE_RETURN(E_POINTER);
    *ppv = NULL;
    return TRACE_RETURN(CLASS_E_CLASSNOTAVAILABLE);
}

HRESULT UDAPICALL DllRegisterServer(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(S_OK);
}

HRESULT UDAPICALL DllUnregisterServer(void)
{
    TRACE_CALL_NOARGS();
    return TRACE_RETURN(S_OK);
}
