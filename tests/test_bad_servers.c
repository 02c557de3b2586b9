/*
 * User activation against bad servers over real HTTP (the scripted HTTP
 * server of tests/tools, natively with libcurl and under Wine with
 * WinHTTP): a server that never answers (the call gives up after
 * MSDRM_HTTP_TIMEOUT_MS, set to 2 s here), HTTP 500 with HTML, a 50 MB
 * reply, a 200 that is not SOAP, 401, 404, a dropped connection, a
 * truncated body. Each ends in one documented error in the callback
 * (functions/DRMActivate.md, DRM_MSG_ACTIVATE_GROUPIDENTITY; net/rmpr_client.h
 * says which), nothing is stored, and nothing hangs past the timeout.
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
#include "test_platform.h"

#define USER "mallory@openmsdrm.test"

struct watch {
    test_mutex lock;
    int terminals;
    HRESULT terminal;
    bool param;
};

static HRESULT __stdcall on_status(DRM_STATUS_MSG message, HRESULT status, void *param,
                                   void *context)
{
    (void)message;
    struct watch *watch = context;
    if (status == S_DRM_COMPLETED || FAILED(status)) {
        test_mutex_lock(&watch->lock);
        watch->terminals++;
        watch->terminal = status;
        watch->param = param != NULL;
        test_mutex_unlock(&watch->lock);
    }
    return S_OK;
}

static HRESULT wait_for(struct watch *watch, unsigned ms)
{
    for (unsigned waited = 0; waited < ms; waited += 10) {
        test_mutex_lock(&watch->lock);
        int terminals = watch->terminals;
        HRESULT hr = watch->terminal;
        test_mutex_unlock(&watch->lock);
        if (terminals > 0)
            return hr;
        test_sleep_ms(10);
    }
    fail_msg("no terminal message in %u ms", ms);
    return E_FAIL;
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

static void test_machine_activation(void **state)
{
    (void)state;
    DRMHSESSION session = user_session();
    struct watch watch = {0};
    test_mutex_init(&watch.lock);
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &watch, NULL),
        S_OK);
    assert_int_equal(wait_for(&watch, 60000), S_DRM_COMPLETED);
    assert_int_equal(DRMCloseSession(session), S_OK);
}

/* DRMActivate(GROUPIDENTITY) at the test server's `path` (used as the
 * whole service URL: it ends in ".asmx"); the terminal message. */
static HRESULT activate_at(const char *path)
{
    const char *base = getenv("MSDRM_TEST_SERVER_URL");
    assert_non_null(base);
    char url[512];
    snprintf(url, sizeof url, "%s%s?service.asmx", base, path);
    WCHAR *wide = widen(url);
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, wide};
    DRMHSESSION session = user_session();
    struct watch watch = {0};
    test_mutex_init(&watch.lock);
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0,
                                 &info, &watch, NULL),
                     S_OK);
    /* The timeout is 2 s: well before 20 s, whatever the server does. */
    HRESULT hr = wait_for(&watch, 20000);
    assert_int_equal(watch.terminals, 1);
    assert_false(watch.param);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(DRMCloseSession(session), S_OK);
    free(wide);
    return hr;
}

static void test_never_answers(void **state)
{
    (void)state;
    unsigned long long start = test_monotonic_ns();
    assert_int_equal(activate_at("/hang"), E_DRM_SERVER_ERROR);
    unsigned long long elapsed_ms = (test_monotonic_ns() - start) / 1000000;
    assert_true(elapsed_ms >= 1500 && elapsed_ms < 15000);
}

static void test_bad_replies(void **state)
{
    (void)state;
    assert_int_equal(activate_at("/html500"), E_DRM_SERVER_ERROR);
    assert_int_equal(activate_at("/huge"), E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(activate_at("/huge-chunked"), E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(activate_at("/echo"), E_DRM_INVALID_SERVER_RESPONSE); /* 200, not SOAP */
    assert_int_equal(activate_at("/status/401"), E_DRM_AUTHENTICATION_FAILED);
    assert_int_equal(activate_at("/status/403"), E_DRM_REQUEST_DENIED);
    assert_int_equal(activate_at("/status/404"), E_DRM_SERVER_NOT_FOUND);
    /* A connection that breaks: a broken exchange or no HTTP reply at all
     * (platform/http.h), as the transport sees it. */
    const char *broken[] = {"/close", "/truncated"};
    for (size_t i = 0; i < 2; i++) {
        HRESULT hr = activate_at(broken[i]);
        if (hr != E_DRM_SERVER_ERROR && hr != E_DRM_INVALID_SERVER_RESPONSE)
            fail_msg("%s: 0x%08lx", broken[i], (unsigned long)(uint32_t)hr);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_machine_activation),
        cmocka_unit_test(test_never_answers),
        cmocka_unit_test(test_bad_replies),
    };
    return cmocka_run_group_tests_name("bad servers", tests, NULL, NULL);
}
