/*
 * The public headers in C: compile-time layout checks (header_layout_checks.h)
 * plus the values that need a run to compare: HRESULT codes (spec/errors.md)
 * and the wide strings of msdrmdefs.h and msdrmgetinfo.h (spec/types.md §5-6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "header_layout_checks.h"

/* Compares a UTF-16 string with an ASCII one. */
static int wide_equals_ascii(const WCHAR *wide, const char *ascii)
{
    size_t i = 0;
    for (; ascii[i] != '\0'; i++) {
        if (wide[i] != (WCHAR)(unsigned char)ascii[i])
            return 0;
    }
    return wide[i] == 0;
}

static void test_error_codes_have_sdk_values(void **state)
{
    (void)state;
    assert_int_equal((uint32_t)E_DRM_INSUFFICIENT_BUFFER, 0x8007007Au);
    assert_int_equal((uint32_t)S_DRM_REQUEST_PREPARED, 0x0004CF00u);
    assert_int_equal((uint32_t)S_DRM_COMPLETED, 0x0004CF04u);
    assert_int_equal((uint32_t)S_DRM_INPROGRESS, 0x0004CF05u);
    assert_int_equal((uint32_t)E_DRM_MANIFEST_POLICY_VIOLATION, 0x8004930Cu);
    assert_int_equal((uint32_t)E_DRM_INVALID_LICENSE, 0x8004CF00u);
    assert_int_equal((uint32_t)E_DRM_INVALID_HANDLE, 0x8004CF2Cu);
    assert_int_equal((uint32_t)E_DRM_NO_MORE_DATA, 0x8004CF33u);
    assert_int_equal((uint32_t)E_DRM_NEEDS_MACHINE_ACTIVATION, 0x8004CF3Du);
    assert_int_equal((uint32_t)E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION, 0x8004CF3Eu);
    assert_int_equal((uint32_t)E_DRM_ALREADY_IN_PROGRESS, 0x8004CF38u);
    assert_int_equal((uint32_t)E_DRM_SERVICE_NOT_FOUND, 0x8004CF48u);
    assert_int_equal((uint32_t)E_DRM_USE_DEFAULT, 0x8004CF49u);
    assert_int_equal((uint32_t)E_DRM_REVOCATION_INFO_NOT_SET, 0x8004CF50u);
    assert_int_equal((uint32_t)E_DRM_INVALID_TIMEINFO, 0x8004CF51u);
    assert_int_equal((uint32_t)E_DRM_RIGHT_NOT_SET, 0x8004CF52u);
    assert_int_equal((uint32_t)E_DRM_DEBUGGER_DETECTED, 0x8004CF60u);
    assert_int_equal((uint32_t)E_DRM_INVALID_WINDOW, 0x8004CF76u);
    assert_int_equal((uint32_t)E_DRM_SAFEMODE_OS_DETECTED, 0x8004CF77u);
    assert_int_equal((uint32_t)E_DRM_PLATFORM_POLICY_VIOLATION, 0x8004CF79u);
    assert_int_equal((uint32_t)E_DRM_ISSUANCELICENSE_LENGTH_LIMIT_EXCEEDED, 0x8004CF81u);
    assert_true(SUCCEEDED(S_DRM_CONNECTING));
    assert_true(FAILED(E_DRM_ABORTED));
}

static void test_group_id_provider_strings(void **state)
{
    (void)state;
    assert_true(wide_equals_ascii(DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, "WindowsAuthProvider"));
    assert_true(wide_equals_ascii(DRM_DEFAULTGROUPIDTYPE_PASSPORT, "PassportAuthProvider"));
}

static void test_getinfo_strings(void **state)
{
    (void)state;
    assert_true(wide_equals_ascii(g_wszTAG_MSGUID, "MS-GUID"));
    assert_true(
        wide_equals_ascii(g_wszPLUG_STANDARDENABLINGPRINCIPAL, "UDStdPlg Enabling Principal"));
    assert_true(wide_equals_ascii(g_wszPLUG_STANDARDLIBRARY, "UDStdPlg"));
    assert_true(wide_equals_ascii(g_wszALGORITHMID_AES, "AES"));
    assert_true(wide_equals_ascii(g_wszQUERY_NAME, "name"));
    assert_true(wide_equals_ascii(g_wszQUERY_MACHINECERTSOURCE, "machine-certificate-xrml"));
    assert_true(wide_equals_ascii(g_wszQUERY_VALIDITYFROMTIME, "valid-from"));
    assert_true(wide_equals_ascii(g_wszQUERY_VALIDITYUNTILTIME, "valid-until"));
    assert_true(wide_equals_ascii(g_wszQUERY_DISTRIBUTIONPOINT, "distribution-point"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_codes_have_sdk_values),
        cmocka_unit_test(test_group_id_provider_strings),
        cmocka_unit_test(test_getinfo_strings),
    };
    return cmocka_run_group_tests_name("headers_c", tests, NULL, NULL);
}
