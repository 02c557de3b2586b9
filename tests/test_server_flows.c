/*
 * The client's server operations end to end against msdrm-server, through
 * the DLL as an application links it (natively with libcurl, and under
 * Wine with WinHTTP): machine activation, then user activation
 * (persistent, seen by another process; temporary, seen by its session
 * only), a client licensor certificate, the server's templates, service
 * discovery through the server's locator, and a server nobody listens
 * on. The RAC and CLC chains are checked with the independent checker
 * (xrml_check.h) and chain to the server's licensor certificate.
 * msdrm_add_test_with_server (tests/CMakeLists.txt) starts the server and
 * sets MSDRM_TEST_SERVER_URL ("http://127.0.0.1:PORT/_wmcs").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msdrm.h"
#include "spawn.h"
#include "test_platform.h"
#include "xrml_check.h"

#define USER "alice@openmsdrm.test"
#define SAMPLE_TEMPLATE "{78862306-1fb3-4251-b83d-143db199f5d5}"
#define WAIT_MS 60000

/* What one operation's callbacks delivered. */
struct watch {
    test_mutex lock;
    int terminals;
    HRESULT terminal;
    DRM_STATUS_MSG message;
    char *result; /* S_DRM_COMPLETED's string, ASCII */
};

static char *narrow(const WCHAR *wide)
{
    size_t length = 0;
    while (wide[length] != 0)
        length++;
    char *text = malloc(length + 1);
    assert_non_null(text);
    for (size_t i = 0; i <= length; i++)
        text[i] = (char)wide[i]; /* XrML and URLs here are ASCII */
    return text;
}

static WCHAR *widen(const char *text)
{
    size_t length = strlen(text);
    WCHAR *wide = calloc(length + 1, sizeof(WCHAR));
    assert_non_null(wide);
    for (size_t i = 0; i < length; i++)
        wide[i] = (WCHAR)(unsigned char)text[i];
    return wide;
}

static HRESULT __stdcall on_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                   void *context)
{
    struct watch *watch = context;
    if (status != S_DRM_COMPLETED && !FAILED(status))
        return S_OK;
    char *result = status == S_DRM_COMPLETED && param != NULL ? narrow(param) : NULL;
    test_mutex_lock(&watch->lock);
    watch->terminals++;
    watch->terminal = status;
    watch->message = message;
    free(watch->result);
    watch->result = result;
    test_mutex_unlock(&watch->lock);
    return S_OK;
}

static void watch_start(struct watch *watch)
{
    memset(watch, 0, sizeof *watch);
    test_mutex_init(&watch->lock);
}

static HRESULT watch_wait(struct watch *watch)
{
    for (unsigned waited = 0; waited < WAIT_MS; waited += 10) {
        test_mutex_lock(&watch->lock);
        int terminals = watch->terminals;
        HRESULT hr = watch->terminal;
        test_mutex_unlock(&watch->lock);
        if (terminals > 0)
            return hr;
        test_sleep_ms(10);
    }
    fail_msg("no terminal message in %u ms", WAIT_MS);
    return E_FAIL;
}

static const char *server(void)
{
    const char *url = getenv("MSDRM_TEST_SERVER_URL");
    assert_non_null(url);
    return url;
}

/* The server's URL and a service folder, as UTF-16. */
static WCHAR *service(const char *folder)
{
    char text[512];
    snprintf(text, sizeof text, "%s/%s", server(), folder);
    return widen(text);
}

static DRMHSESSION user_session(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    WCHAR *user = widen(USER);
    assert_int_equal(DRMCreateClientSession(on_status, DRMCALLBACKVERSION,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, user,
                                            &session),
                     S_OK);
    free(user);
    return session;
}

static char *enumerate(DRMHSESSION session, UINT flags, UINT index, HRESULT *hr)
{
    UINT length = 0;
    BOOL shared = FALSE;
    *hr = DRMEnumerateLicense(session, flags, index, &shared, &length, NULL);
    if (FAILED(*hr))
        return NULL;
    WCHAR *buffer = calloc(length, sizeof(WCHAR));
    assert_non_null(buffer);
    assert_int_equal(DRMEnumerateLicense(session, flags, index, &shared, &length, buffer), S_OK);
    char *text = narrow(buffer);
    free(buffer);
    return text;
}

/* Document `index` of a chain, by DRMDeconstructCertificateChain. */
static char *document(const char *chain, UINT index)
{
    WCHAR *wide = widen(chain);
    UINT length = 0;
    if (FAILED(DRMDeconstructCertificateChain(wide, index, &length, NULL))) {
        free(wide);
        return NULL;
    }
    WCHAR *buffer = calloc(length, sizeof(WCHAR));
    assert_non_null(buffer);
    assert_int_equal(DRMDeconstructCertificateChain(wide, index, &length, buffer), S_OK);
    char *text = narrow(buffer);
    free(buffer);
    free(wide);
    return text;
}

/* The modulus text of the first PUBLICKEY after `element` in `text`. */
static char *modulus_after(const char *text, const char *element)
{
    const char *at = strstr(text, element);
    assert_non_null(at);
    at = strstr(at, "name=\"modulus\"");
    assert_non_null(at);
    at = strchr(strstr(at, "<VALUE"), '>') + 1;
    const char *end = strstr(at, "</VALUE>");
    char *modulus = malloc((size_t)(end - at) + 1);
    memcpy(modulus, at, (size_t)(end - at));
    modulus[end - at] = '\0';
    return modulus;
}

/*
 * Checks a chain the server issued: every document signed by its issuer
 * (the independent checker), each issuer the next one's principal, the
 * second the server licensor certificate, the last self-issued.
 */
static void check_issued_chain(const char *chain, const char *leaf_type)
{
    char *documents[8] = {0};
    UINT count = 0;
    while (count < 8 && (documents[count] = document(chain, count)) != NULL)
        count++;
    assert_true(count >= 3);
    assert_non_null(strstr(documents[0], leaf_type));
    assert_non_null(strstr(documents[1], "Server-Licensor-Certificate"));
    for (UINT i = 0; i < count; i++) {
        assert_int_equal(xrml_check_signature(documents[i], XRML_ISSUER_MODULUS), XRML_VALID);
        char *issuer = modulus_after(documents[i], "<ISSUER>");
        char *principal = modulus_after(documents[i + 1 < count ? i + 1 : i], "<ISSUEDPRINCIPALS>");
        assert_string_equal(issuer, principal);
        free(issuer);
        free(principal);
    }
    for (UINT i = 0; i < count; i++)
        free(documents[i]);
}

static void test_machine_activation(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    struct watch watch;
    watch_start(&watch);
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &watch, NULL),
        S_OK);
    assert_int_equal(watch_wait(&watch), S_DRM_COMPLETED);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static HRESULT activate_user(DRMHSESSION session, UINT flags, struct watch *watch)
{
    WCHAR *url = service("certification");
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, url};
    watch_start(watch);
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT | flags,
                                 0, &info, watch, NULL),
                     S_OK);
    free(url);
    return watch_wait(watch);
}

static void test_user_activation(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    struct watch watch;
    assert_int_equal(activate_user(session, 0, &watch), S_DRM_COMPLETED);
    assert_int_equal(watch.message, DRM_MSG_ACTIVATE_GROUPIDENTITY);
    assert_non_null(watch.result);
    check_issued_chain(watch.result, "Group-Identity-Credential");
    assert_non_null(strstr(watch.result, USER));
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
    HRESULT hr;
    char *stored = enumerate(session, DRM_EL_SPECIFIED_GROUPIDENTITY, 0, &hr);
    assert_non_null(stored);
    assert_string_equal(stored, watch.result);
    free(stored);
    free(watch.result);
    assert_int_equal(DRMCloseSession(session), S_OK);

    struct child *child = child_spawn_self("activated");
    assert_non_null(child);
    assert_int_equal(child_wait(child), 0);
}

static void test_temporary_activation(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    struct watch watch;
    assert_int_equal(activate_user(session, DRM_ACTIVATE_TEMPORARY, &watch), S_DRM_COMPLETED);
    check_issued_chain(watch.result, "Group-Identity-Credential");
    free(watch.result);
    /* This session: the persistent RAC and the temporary one; another: one. */
    HRESULT hr;
    char *second = enumerate(session, DRM_EL_GROUPIDENTITY, 1, &hr);
    assert_non_null(second);
    free(second);
    DRMHSESSION other = user_session();
    assert_null(enumerate(other, DRM_EL_GROUPIDENTITY, 1, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA);
    assert_int_equal(DRMCloseSession(other), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static void test_client_licensor_certificate(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    struct watch watch;
    watch_start(&watch);
    WCHAR *url = service("licensing");
    assert_int_equal(DRMAcquireLicense(session, 0, NULL, NULL, NULL, url, &watch), S_OK);
    assert_int_equal(watch_wait(&watch), S_DRM_COMPLETED);
    assert_int_equal(watch.message, DRM_MSG_ACQUIRE_CLIENTLICENSOR);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);

    session = user_session();
    HRESULT hr;
    char *clc = enumerate(session, DRM_EL_SPECIFIED_CLIENTLICENSOR, 0, &hr);
    assert_int_equal(hr, S_OK);
    check_issued_chain(clc, "Client-Licensor-Certificate");
    free(clc);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static void test_templates(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    WCHAR *url = service("licensing");
    for (int round = 0; round < 2; round++) {
        struct watch watch;
        watch_start(&watch);
        assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, DRM_AILT_OBTAIN_ALL, NULL, 0,
                                                           NULL, url, &watch),
                         S_OK);
        assert_int_equal(watch_wait(&watch), S_DRM_COMPLETED);
        assert_null(watch.result);
        HRESULT hr;
        char *id = enumerate(session, DRM_EL_ISSUANCELICENSE_TEMPLATE_LID, 0, &hr);
        assert_non_null(id);
        for (char *c = id; *c != '\0'; c++)
            if (*c >= 'A' && *c <= 'F')
                *c = (char)(*c - 'A' + 'a');
        assert_string_equal(id, SAMPLE_TEMPLATE);
        free(id);
        assert_null(enumerate(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, 1, &hr));
        assert_int_equal(hr, E_DRM_NO_MORE_DATA);
        char *text = enumerate(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, 0, &hr);
        assert_int_equal(xrml_check_signature(text, XRML_ISSUER_MODULUS), XRML_VALID);
        free(text);
    }
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* The licensing service, from the server's locator. */
static void test_discovery(void **state)
{
    (void)state;
    char certification[512];
    snprintf(certification, sizeof certification, "%s/certification", server());
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", certification);
    DRMHSESSION session = user_session();
    UINT length = 0;
    assert_int_equal(DRMGetServiceLocation(session, DRM_SERVICE_TYPE_CLIENTLICENSOR,
                                           DRM_SERVICE_LOCATION_ENTERPRISE, NULL, &length, NULL),
                     S_OK);
    WCHAR *buffer = calloc(length, sizeof(WCHAR));
    assert_int_equal(DRMGetServiceLocation(session, DRM_SERVICE_TYPE_CLIENTLICENSOR,
                                           DRM_SERVICE_LOCATION_ENTERPRISE, NULL, &length, buffer),
                     S_OK);
    char *url = narrow(buffer);
    free(buffer);
    const char *host = strstr(server(), "://") + 3;
    assert_non_null(strstr(url, host));
    assert_non_null(strstr(url, "licensing"));
    free(url);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* Nobody listens there: E_DRM_NO_CONNECT in the callback. */
static void test_unreachable(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    struct watch watch;
    watch_start(&watch);
    WCHAR *url = widen("http://127.0.0.1:1/_wmcs/certification");
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, url};
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0,
                                 &info, &watch, NULL),
                     S_OK);
    assert_int_equal(watch_wait(&watch), E_DRM_NO_CONNECT);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

static int child_activated(void)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    WCHAR *user = widen(USER);
    if (FAILED(DRMCreateClientSession(on_status, DRMCALLBACKVERSION,
                                      (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, user, &session)))
        return 2;
    HRESULT hr = DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL);
    DRMCloseSession(session);
    free(user);
    return hr == S_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "activated") == 0)
        return child_activated();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_machine_activation),
        cmocka_unit_test(test_user_activation),
        cmocka_unit_test(test_temporary_activation),
        cmocka_unit_test(test_client_licensor_certificate),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_discovery),
        cmocka_unit_test(test_unreachable),
    };
    return cmocka_run_group_tests_name("against msdrm-server", tests, NULL, NULL);
}
