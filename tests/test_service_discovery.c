/*
 * DRMGetServiceLocation's cases that ask a server
 * (functions/DRMGetServiceLocation.md; spec/rmpr.md §4, §5.4, §5.5), the
 * scripted transport answering: with an issuance license, its licensing
 * server is asked (FindServiceLocationsForUser, internal service first;
 * GetServerInfo when it names neither); publishing without one asks the
 * configured certification service; what is configured comes first;
 * answers are kept (the two-call protocol asks once); the session's user
 * goes in From.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "issued_documents.h"
#include "server_replies.h"
#include "test_platform.h"
#include "util/wstring.h"
#include "msdrm.h"

#define LOCATOR_PATH "/_wmcs/licensing/ServiceLocator.asmx"
#define FIND_ACTION "http://microsoft.com/DRM/ServerService/FindServiceLocationsForUser"
#define INFO_PATH "/_wmcs/licensing/server.asmx"
#define INTERNAL "http://internal.openmsdrm.test/_wmcs/certification"
#define EXTERNAL "http://external.openmsdrm.test/_wmcs/certification"

static struct xrml_test_pki *pki;
static WCHAR *license; /* a signed issuance license chain naming rms.openmsdrm.test */

static DRMHSESSION session_of(const char *user)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    WCHAR *group = wstr_from_utf8(user);
    assert_int_equal(DRMCreateClientSession(operation_watch_callback, DRMCALLBACKVERSION,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, group,
                                            &session),
                     S_OK);
    free(group);
    return session;
}

/* Both calls of the protocol; the URL as UTF-8, or NULL with *hr. */
static char *locate(DRMHSESSION session, UINT type, UINT location, const WCHAR *il, HRESULT *hr)
{
    UINT length = 0;
    *hr = DRMGetServiceLocation(session, type, location, (PWSTR)il, &length, NULL);
    if (FAILED(*hr))
        return NULL;
    WCHAR *buffer = calloc(length, sizeof(WCHAR));
    assert_non_null(buffer);
    *hr = DRMGetServiceLocation(session, type, location, (PWSTR)il, &length, buffer);
    char *url = SUCCEEDED(*hr) ? wstr_to_utf8(buffer) : NULL;
    free(buffer);
    return url;
}

static struct scripted_reply found(const char *internal, const char *external, char **body)
{
    const char *types[] = {"CertificationInternalService", "CertificationService"};
    const char *urls[] = {internal, external};
    *body = reply_service_locations(types, urls, 2);
    assert_non_null(*body);
    return (struct scripted_reply){LOCATOR_PATH, FIND_ACTION, S_OK, 200,
                                   "text/xml",   *body,       0,    false};
}

static void test_certification_from_the_license(void **state)
{
    (void)state;
    char *body = NULL;
    struct scripted_reply replies[] = {found(INTERNAL, EXTERNAL, &body)};
    struct scripted_transport *transport = reply_script(replies, 1);
    DRMHSESSION session = session_of("a@openmsdrm.test");
    HRESULT hr;
    char *url = locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE,
                       license, &hr);
    assert_int_equal(hr, S_OK);
    assert_string_equal(url, INTERNAL); /* the internal service first */
    free(url);
    /* Asked once for both calls, as the user; then kept. */
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_int_equal(scripted_transport_mismatches(transport), 0);
    const struct scripted_request *request = scripted_transport_request(transport, 0);
    assert_string_equal(request->url,
                        "http://rms.openmsdrm.test/_wmcs/licensing/ServiceLocator.asmx");
    assert_string_equal(request->from, "a@openmsdrm.test");
    assert_non_null(strstr(request->body, "CertificationInternalService"));
    url = locate(session, DRM_SERVICE_TYPE_ACTIVATION | DRM_SERVICE_TYPE_SILENT,
                 DRM_SERVICE_LOCATION_INTERNET, license, &hr);
    assert_string_equal(url, INTERNAL);
    free(url);
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);
}

static void test_external_and_server_info(void **state)
{
    (void)state;
    /* No internal service: the external one. */
    char *body = NULL;
    struct scripted_reply external[] = {found(NULL, EXTERNAL, &body)};
    struct scripted_transport *transport = reply_script(external, 1);
    DRMHSESSION session = session_of("b@openmsdrm.test");
    HRESULT hr;
    char *url = locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE,
                       license, &hr);
    assert_string_equal(url, EXTERNAL);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);

    /* Neither: GetServerInfo's service locations. */
    const char *types[] = {"LicensingService", "CertificationService"};
    const char *urls[] = {"", "http://info.openmsdrm.test/_wmcs/certification/"};
    char *info = reply_server_info(types, urls, 2);
    assert_non_null(info);
    struct scripted_reply via_info[] = {found(NULL, NULL, &body),
                                        {INFO_PATH,
                                         "http://microsoft.com/DRM/ServerService/GetServerInfo",
                                         S_OK, 200, "text/xml", info, 0, false}};
    transport = reply_script(via_info, 2);
    session = session_of("c@openmsdrm.test");
    url = locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE, license,
                 &hr);
    assert_int_equal(hr, S_OK);
    assert_string_equal(url, "http://info.openmsdrm.test/_wmcs/certification/");
    free(url);
    assert_int_equal(scripted_transport_request_count(transport), 2);
    assert_int_equal(scripted_transport_mismatches(transport), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);
    free(info);

    /* Nobody names it: E_DRM_SERVICE_NOT_FOUND, not kept. */
    const char *none[] = {NULL, NULL};
    info = reply_server_info(types, none, 2);
    struct scripted_reply nothing[] = {found(NULL, NULL, &body),
                                       {INFO_PATH, NULL, S_OK, 200, "text/xml", info, 0, false},
                                       {LOCATOR_PATH, NULL, S_OK, 200, "text/xml", body, 0, false},
                                       {INFO_PATH, NULL, S_OK, 200, "text/xml", info, 0, false}};
    transport = reply_script(nothing, 4);
    session = session_of("d@openmsdrm.test");
    assert_null(locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE,
                       license, &hr));
    assert_int_equal(hr, E_DRM_SERVICE_NOT_FOUND);
    assert_null(locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE,
                       license, &hr));
    assert_int_equal(scripted_transport_request_count(transport), 4);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);
    free(info);
}

static void test_publishing(void **state)
{
    (void)state;
    /* With a license: the licensing server names the user's licensing service. */
    const char *types[] = {"LicensingInternalService", "LicensingService"};
    const char *urls[] = {"http://lic.openmsdrm.test/_wmcs/licensing", NULL};
    char *body = reply_service_locations(types, urls, 2);
    struct scripted_reply replies[] = {
        {LOCATOR_PATH, FIND_ACTION, S_OK, 200, "text/xml", body, 0, false},
        {"/_wmcs/certification/ServiceLocator.asmx", FIND_ACTION, S_OK, 200, "text/xml", body, 0,
         false}};
    struct scripted_transport *transport = reply_script(replies, 2);
    DRMHSESSION session = session_of("a@openmsdrm.test");
    HRESULT hr;
    char *url =
        locate(session, DRM_SERVICE_TYPE_PUBLISHING, DRM_SERVICE_LOCATION_ENTERPRISE, license, &hr);
    assert_string_equal(url, "http://lic.openmsdrm.test/_wmcs/licensing");
    free(url);

    /* Without one: the configured certification service is asked. */
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION",
                         "http://cert.openmsdrm.test/_wmcs/certification");
    url = locate(session, DRM_SERVICE_TYPE_CLIENTLICENSOR, DRM_SERVICE_LOCATION_ENTERPRISE, NULL,
                 &hr);
    assert_int_equal(hr, S_OK);
    assert_string_equal(url, "http://lic.openmsdrm.test/_wmcs/licensing");
    free(url);
    assert_string_equal(scripted_transport_request(transport, 1)->url,
                        "http://cert.openmsdrm.test/_wmcs/certification/ServiceLocator.asmx");
    /* What is configured comes first: nobody is asked. */
    test_set_environment("MSDRM_SERVICE_LOCATION_ENTERPRISEPUBLISHING",
                         "http://configured.openmsdrm.test/_wmcs/licensing");
    url =
        locate(session, DRM_SERVICE_TYPE_PUBLISHING, DRM_SERVICE_LOCATION_ENTERPRISE, license, &hr);
    assert_string_equal(url, "http://configured.openmsdrm.test/_wmcs/licensing");
    free(url);
    url = locate(session, DRM_SERVICE_TYPE_CERTIFICATION, DRM_SERVICE_LOCATION_ENTERPRISE, license,
                 &hr);
    assert_string_equal(url, "http://cert.openmsdrm.test/_wmcs/certification");
    free(url);
    assert_int_equal(scripted_transport_request_count(transport), 2);
    test_set_environment("MSDRM_SERVICE_LOCATION_ENTERPRISEPUBLISHING", NULL);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);
}

static void test_bad_licenses_and_servers(void **state)
{
    (void)state;
    struct scripted_reply refused = {NULL, NULL, E_DRM_NO_CONNECT, 0, NULL, NULL, 0, false};
    struct scripted_transport *transport = reply_script(&refused, 1);
    HRESULT hr;
    /* Not a license; a license whose signature does not hold. */
    WCHAR garbage[] = {'<', 'X', 'r', 'M', 'L', 0};
    assert_null(locate(DRMHSESSION_INVALID, DRM_SERVICE_TYPE_CERTIFICATION,
                       DRM_SERVICE_LOCATION_ENTERPRISE, garbage, &hr));
    assert_int_equal(hr, E_DRM_INVALID_LICENSE);
    char *pl = xrml_test_publishing_license_chain(pki, "{11111111-2222-3333-4444-555555555555}");
    char *at = strstr(pl, "DRM Server Cluster");
    assert_non_null(at);
    at[0] = 'X'; /* inside the signed BODY */
    WCHAR *tampered = wstr_from_utf8(pl);
    assert_null(locate(DRMHSESSION_INVALID, DRM_SERVICE_TYPE_CERTIFICATION,
                       DRM_SERVICE_LOCATION_ENTERPRISE, tampered, &hr));
    assert_int_equal(hr, E_DRM_INVALID_LICENSE);
    assert_int_equal(scripted_transport_request_count(transport), 0);
    free(tampered);
    free(pl);
    /* A server that cannot be reached: its error; no session: no From. */
    assert_null(locate(DRMHSESSION_INVALID, DRM_SERVICE_TYPE_CERTIFICATION,
                       DRM_SERVICE_LOCATION_ENTERPRISE, license, &hr));
    assert_int_equal(hr, E_DRM_NO_CONNECT);
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_null(scripted_transport_request(transport, 0)->from);
    scripted_transport_free(transport);
}

static int setup(void **state)
{
    (void)state;
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    test_set_environment("MSDRM_SERVICE_LOCATION_ENTERPRISEPUBLISHING", NULL);
    pki = xrml_test_pki_new();
    if (pki == NULL)
        return -1;
    char *chain = xrml_test_publishing_license_chain(pki, "{11111111-2222-3333-4444-555555555555}");
    license = chain != NULL ? wstr_from_utf8(chain) : NULL;
    free(chain);
    return license != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    free(license);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_certification_from_the_license),
        cmocka_unit_test(test_external_and_server_info),
        cmocka_unit_test(test_publishing),
        cmocka_unit_test(test_bad_licenses_and_servers),
    };
    return cmocka_run_group_tests_name("service discovery", tests, setup, teardown);
}
