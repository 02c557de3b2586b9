/*
 * The public headers in C++: they compile, pass the same layout checks as
 * in C, and give the SDK's C++ constructors (spec/types.md §3: DRMID and
 * DRMBOUNDLICENSEPARAMS start at their version numbers and NULLs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

// cmocka.h declares its functions without extern "C".
extern "C" {
#include <cmocka.h>
}

#include "header_layout_checks.h"

// A sample's callback must convert to DRMCALLBACK in C++ as well.
static HRESULT __stdcall sample_callback(DRM_STATUS_MSG, HRESULT, void *, void *)
{
    return S_OK;
}

static void test_constructors(void **)
{
    DRMID id;
    assert_int_equal(id.uVersion, DRMIDVERSION);
    assert_null(id.wszIDType);
    assert_null(id.wszID);

    DRMID typed(g_wszTAG_MSGUID, g_wszQUERY_NAME);
    assert_ptr_equal(typed.wszIDType, g_wszTAG_MSGUID);
    assert_ptr_equal(typed.wszID, g_wszQUERY_NAME);

    DRMBOUNDLICENSEPARAMS params;
    assert_int_equal(params.uVersion, DRMBOUNDLICENSEPARAMSVERSION);
    assert_int_equal(params.hEnablingPrincipal, DRMHANDLE_INVALID);
    assert_null(params.wszRightsRequested);
    assert_int_equal(params.idResource.uVersion, DRMIDVERSION);
    assert_int_equal(params.dwFlags, 0);
}

static void test_callback_type(void **)
{
    DRMCALLBACK callback = sample_callback;
    assert_int_equal(callback(DRM_MSG_ACTIVATE_MACHINE, S_DRM_COMPLETED, NULL, NULL), S_OK);
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_callback_type),
    };
    return cmocka_run_group_tests_name("headers_cpp", tests, NULL, NULL);
}
