/*
 * DRMGetServiceLocation through the DLL (functions/DRMGetServiceLocation.md):
 * the argument rules, E_DRM_USE_DEFAULT for certification on the Internet
 * without an issuance license, the registry keys (under Wine, in the test
 * prefix), the environment override for rigs, and the two-call protocol.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ignore_status.h"
#include "msdrm.h"
#include "test_platform.h"

#define CERTIFICATION_URL "https://rms.example.test/_wmcs/certification"
#define REGISTRY_URL "https://registry.example.test/_wmcs/certification"
#define ACTIVATION_KEY "SOFTWARE\\Microsoft\\MSDRM\\ServiceLocation\\Activation"

/* The URL as ASCII, through both calls of the protocol; NULL on failure. */
static char *locate(DRMHSESSION session, UINT type, UINT location, HRESULT *result)
{
    UINT length = 0;
    *result = DRMGetServiceLocation(session, type, location, NULL, &length, NULL);
    if (FAILED(*result))
        return NULL;
    WCHAR *wide = calloc(length, sizeof(WCHAR));
    UINT short_length = length - 1;
    assert_int_equal(DRMGetServiceLocation(session, type, location, NULL, &short_length, wide),
                     E_DRM_INSUFFICIENT_BUFFER);
    assert_int_equal(short_length, length);
    *result = DRMGetServiceLocation(session, type, location, NULL, &length, wide);
    char *url = malloc(length);
    for (UINT i = 0; i < length; i++)
        url[i] = (char)wide[i];
    free(wide);
    return url;
}

static void test_arguments(void **state)
{
    (void)state;
    UINT length = 0;
    static const UINT bad_types[] = {0, 0x20, DRM_SERVICE_TYPE_SILENT,
                                     DRM_SERVICE_TYPE_ACTIVATION | DRM_SERVICE_TYPE_PUBLISHING};
    for (size_t i = 0; i < sizeof bad_types / sizeof bad_types[0]; i++)
        assert_int_equal(DRMGetServiceLocation(0, bad_types[i], DRM_SERVICE_LOCATION_ENTERPRISE,
                                               NULL, &length, NULL),
                         E_INVALIDARG);
    assert_int_equal(DRMGetServiceLocation(0, DRM_SERVICE_TYPE_PUBLISHING, 0, NULL, &length, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMGetServiceLocation(0, DRM_SERVICE_TYPE_PUBLISHING, 3, NULL, &length, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMGetServiceLocation(0, DRM_SERVICE_TYPE_PUBLISHING,
                                           DRM_SERVICE_LOCATION_ENTERPRISE, NULL, NULL, NULL),
                     E_INVALIDARG);
    /* hClient is optional, but a given one must be a client session. */
    assert_int_equal(DRMGetServiceLocation(0x12345678, DRM_SERVICE_TYPE_PUBLISHING,
                                           DRM_SERVICE_LOCATION_ENTERPRISE, NULL, &length, NULL),
                     E_DRM_INVALID_HANDLE);
}

static void test_internet_certification_uses_the_default(void **state)
{
    (void)state;
    UINT length = 0;
    assert_int_equal(DRMGetServiceLocation(0, DRM_SERVICE_TYPE_CERTIFICATION,
                                           DRM_SERVICE_LOCATION_INTERNET, NULL, &length, NULL),
                     E_DRM_USE_DEFAULT);
    assert_int_equal(DRMGetServiceLocation(0, DRM_SERVICE_TYPE_ACTIVATION,
                                           DRM_SERVICE_LOCATION_INTERNET, NULL, &length, NULL),
                     E_DRM_USE_DEFAULT);
}

static void test_nothing_configured(void **state)
{
    (void)state;
    HRESULT hr;
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    test_set_machine_setting(ACTIVATION_KEY, NULL);
    assert_null(locate(0, DRM_SERVICE_TYPE_ACTIVATION, DRM_SERVICE_LOCATION_ENTERPRISE, &hr));
    assert_int_equal(hr, E_DRM_SERVICE_NOT_FOUND);
    assert_null(locate(0, DRM_SERVICE_TYPE_PUBLISHING, DRM_SERVICE_LOCATION_ENTERPRISE, &hr));
    assert_int_equal(hr, E_DRM_SERVICE_NOT_FOUND);
    assert_null(locate(0, DRM_SERVICE_TYPE_CLIENTLICENSOR, DRM_SERVICE_LOCATION_INTERNET, &hr));
    assert_int_equal(hr, E_DRM_SERVICE_NOT_FOUND);
}

static void test_environment_override(void **state)
{
    (void)state;
    HRESULT hr;
    test_set_machine_setting(ACTIVATION_KEY, NULL);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", CERTIFICATION_URL);
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(ignore_status, 0,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                            &session),
                     S_OK);
    char *url = locate(session, DRM_SERVICE_TYPE_CERTIFICATION | DRM_SERVICE_TYPE_SILENT,
                       DRM_SERVICE_LOCATION_ENTERPRISE, &hr);
    assert_int_equal(hr, S_OK);
    assert_string_equal(url, CERTIFICATION_URL);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
}

static void test_registry_comes_first(void **state)
{
    (void)state;
    if (!test_set_machine_setting(ACTIVATION_KEY, REGISTRY_URL))
        skip(); /* no registry on this system */
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", CERTIFICATION_URL);
    HRESULT hr;
    char *url = locate(0, DRM_SERVICE_TYPE_ACTIVATION, DRM_SERVICE_LOCATION_ENTERPRISE, &hr);
    assert_int_equal(hr, S_OK);
    assert_string_equal(url, REGISTRY_URL);
    free(url);
    test_set_machine_setting(ACTIVATION_KEY, NULL);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_internet_certification_uses_the_default),
        cmocka_unit_test(test_nothing_configured),
        cmocka_unit_test(test_environment_override),
        cmocka_unit_test(test_registry_comes_first),
    };
    return cmocka_run_group_tests_name("service_location", tests, NULL, NULL);
}
