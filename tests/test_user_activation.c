/*
 * User activation through the exported API (functions/DRMActivate.md,
 * DRMIsActivated.md, DRMEnumerateLicense.md, DRMDeleteLicense.md;
 * spec/rmpr.md §5.2, §6.2), with the scripted transport answering for the
 * server: Certify's request as sent (URL, SOAPAction, From, the machine
 * certificate, Persistent), the RAC verified before anything is kept,
 * persistent RACs in the store (seen by a second store connection and by
 * another process), temporary ones in the session only, the documented
 * error in the callback for every bad server, cancel, and
 * DRMCloseSession during a call.
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
#include <openssl/rsa.h>

#include "issued_documents.h"
#include "scripted_transport.h"
#include "server_replies.h"
#include "spawn.h"
#include "test_platform.h"
#include "test_threads.h"
#include "net/rmpr_messages.h"
#include "store/license_store.h"
#include "util/wstring.h"
#include "msdrm.h"

#define SERVICE "http://rms.openmsdrm.test/_wmcs/certification"
#define CERTIFY_PATH "/_wmcs/certification/certification.asmx"
#define CERTIFY_ACTION "http://microsoft.com/DRM/CertificationService/Certify"
#define WAIT_MS 30000

static struct xrml_test_pki *pki;
static EVP_PKEY *other_key;
static EVP_PKEY *machine_key; /* the public half of the DLL's machine certificate 0 */
static char machine_id[64];
static char *machine_certificate;

static WCHAR *wide(const char *text)
{
    WCHAR *w = wstr_from_utf8(text);
    assert_non_null(w);
    return w;
}

static DRMHSESSION user_session(void)
{
    DRMHSESSION session = reply_user_session();
    assert_int_not_equal(session, DRMHSESSION_INVALID);
    return session;
}

/* DRMActivate(GROUPIDENTITY | flags) at `url` (NULL: no DRM_ACTSERV_INFO). */
static HRESULT start(DRMHSESSION session, UINT flags, const char *url,
                     struct operation_watch *watch)
{
    WCHAR *wide_url = url != NULL ? wide(url) : NULL;
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, wide_url};
    HRESULT hr = DRMActivate(session, DRM_ACTIVATE_GROUPIDENTITY | flags, 0,
                             url != NULL ? &info : NULL, watch, NULL);
    free(wide_url);
    return hr;
}

static HRESULT activate(DRMHSESSION session, UINT flags, const char *url,
                        struct operation_watch *watch)
{
    operation_watch_reset(watch);
    assert_int_equal(start(session, flags, url, watch), S_OK);
    return operation_watch_wait(watch, WAIT_MS);
}

/* RACs in the store, through a connection of its own. */
static size_t stored_racs(void)
{
    return reply_stored(STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE));
}

static char *enumerate(DRMHSESSION session, UINT flags, UINT index, HRESULT *hr)
{
    return reply_enumerate(session, flags, index, hr);
}

static char *good_chain(void)
{
    char *rac = issued_rac(pki, pki->slc_key, machine_key, machine_id, xrml_time_from_now(-900),
                           xrml_time_from_now(365 * 86400), 0);
    char *chain = issued_chain_of(pki, rac);
    free(rac);
    assert_non_null(chain);
    return chain;
}

static struct scripted_transport *script(const struct scripted_reply *replies, size_t count)
{
    struct scripted_transport *transport = reply_script(replies, count);
    assert_non_null(transport);
    return transport;
}

static struct scripted_reply ok_reply(const char *body)
{
    return (struct scripted_reply){
        CERTIFY_PATH, CERTIFY_ACTION, S_OK, 200, "text/xml; charset=utf-8", body, 0, false};
}

/* Deletes the session's first RAC by its ID. */
static void delete_first_rac(DRMHSESSION session)
{
    HRESULT hr;
    char *id = enumerate(session, DRM_EL_GROUPIDENTITY_LID, 0, &hr);
    assert_non_null(id);
    WCHAR *wide_id = wide(id);
    assert_int_equal(DRMDeleteLicense(session, wide_id), S_OK);
    free(wide_id);
    free(id);
}

/* --- the child process: is the user activated here? -------------------------------- */

static int child_check(HRESULT expected)
{
    DRMHSESSION session = DRMHSESSION_INVALID;
    WCHAR *user = wstr_from_utf8(ISSUED_USER);
    if (FAILED(DRMCreateClientSession(operation_watch_callback, DRMCALLBACKVERSION,
                                      (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, user, &session)))
        return 2;
    HRESULT hr = DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL);
    DRMCloseSession(session);
    free(user);
    if (hr != expected) {
        fprintf(stderr, "child: DRMIsActivated(GROUPIDENTITY) = 0x%08lx\n", (unsigned long)hr);
        return 1;
    }
    return 0;
}

static void expect_in_child(const char *role)
{
    struct child *child = child_spawn_self(role);
    assert_non_null(child);
    assert_int_equal(child_wait(child), 0);
}

/* --- the tests --------------------------------------------------------------------- */

/* functions/DRMActivate.md: a user on a machine not activated fails,
 * in the callback, without asking the server. */
static void test_user_before_machine(void **state)
{
    (void)state;
    struct scripted_transport *transport = script(NULL, 0);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(activate(session, DRM_ACTIVATE_SILENT, SERVICE, &watch),
                     E_DRM_NEEDS_MACHINE_ACTIVATION);
    assert_false(watch.terminal_param);
    assert_int_equal(scripted_transport_request_count(transport), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
}

static void test_machine_activation(void **state)
{
    (void)state;
    machine_key = reply_activate_machine(machine_id, &machine_certificate);
    assert_non_null(machine_key);
}

static void test_persistent_activation(void **state)
{
    (void)state;
    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(body)};
    struct scripted_transport *transport = script(replies, 1);
    DRMHSESSION session = user_session();
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(activate(session, DRM_ACTIVATE_SILENT, SERVICE, &watch), S_DRM_COMPLETED);

    /* The messages: connecting first, exactly one terminal, last, with
     * the RAC chain (types.md §4). */
    assert_int_equal(watch.terminals, 1);
    /* guide.md §3: connecting, connected, then progress. */
    assert_int_equal(watch.statuses[0], S_DRM_CONNECTING);
    assert_int_equal(watch.statuses[1], S_DRM_CONNECTED);
    assert_int_equal(watch.statuses[2], S_DRM_INPROGRESS);
    assert_int_equal(watch.statuses[watch.messages - 1], S_DRM_COMPLETED);
    for (int i = 0; i < watch.messages; i++)
        assert_int_equal(watch.kinds[i], DRM_MSG_ACTIVATE_GROUPIDENTITY);
    assert_non_null(watch.result);
    assert_string_equal(watch.result, chain);

    /* What went to the server. */
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_int_equal(scripted_transport_mismatches(transport), 0);
    const struct scripted_request *request = scripted_transport_request(transport, 0);
    assert_string_equal(request->url, SERVICE "/certification.asmx");
    assert_string_equal(request->from, ISSUED_USER);
    assert_non_null(strstr(request->body, "<Persistent>true</Persistent>"));
    assert_non_null(strstr(request->body, machine_certificate)); /* literal, verbatim */

    /* Kept: this session, a second connection, another process. */
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
    HRESULT hr;
    char *enumerated = enumerate(session, DRM_EL_GROUPIDENTITY, 0, &hr);
    assert_non_null(enumerated);
    assert_string_equal(enumerated, chain);
    free(enumerated);
    char *name = enumerate(session, DRM_EL_GROUPIDENTITY_NAME, 0, &hr);
    assert_string_equal(name, ISSUED_USER);
    free(name);
    assert_null(enumerate(session, DRM_EL_GROUPIDENTITY, 1, &hr));
    assert_int_equal(hr, E_DRM_NO_MORE_DATA);
    assert_int_equal(stored_racs(), 1);
    expect_in_child("activated");

    /* DRMDeleteLicense takes it away again. */
    delete_first_rac(session);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(stored_racs(), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* Whether any file of the data folder holds `text`. */
static bool on_disk(const char *text)
{
    char folder[1024];
    const char *names[] = {"store.db", "store.db-wal", "store.db-journal"};
    const char *root = getenv("MSDRM_DATA_DIR");
    assert_non_null(root);
    bool found = false;
    for (size_t i = 0; i < 3 && !found; i++) {
        snprintf(folder, sizeof folder, "%s%s%s", root, strchr(root, '\\') ? "\\" : "/", names[i]);
        FILE *file = fopen(folder, "rb");
        if (file == NULL)
            continue;
        size_t length = strlen(text), size = 0, capacity = 1 << 20;
        char *bytes = malloc(capacity);
        assert_non_null(bytes);
        size_t n;
        while ((n = fread(bytes + size, 1, capacity - size, file)) > 0) {
            size += n;
            if (size == capacity) {
                capacity *= 2;
                bytes = realloc(bytes, capacity);
                assert_non_null(bytes);
            }
        }
        fclose(file);
        for (size_t at = 0; at + length <= size && !found; at++)
            found = memcmp(bytes + at, text, length) == 0;
        free(bytes);
    }
    return found;
}

/* DRM_ACTIVATE_TEMPORARY: Persistent false, and the RAC lives in the
 * session's memory only (issue 10: never written to disk). */
static void test_temporary_activation(void **state)
{
    (void)state;
    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(body), ok_reply(body)};
    struct scripted_transport *transport = script(replies, 2);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(
        activate(session, DRM_ACTIVATE_SILENT | DRM_ACTIVATE_TEMPORARY, SERVICE, &watch),
        S_DRM_COMPLETED);
    assert_string_equal(watch.result, chain);
    const struct scripted_request *request = scripted_transport_request(transport, 0);
    assert_non_null(strstr(request->body, "<Persistent>false</Persistent>"));

    /* This session sees it: DRMIsActivated, enumeration, the specified user. */
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL), S_OK);
    HRESULT hr;
    char *enumerated = enumerate(session, DRM_EL_SPECIFIED_GROUPIDENTITY, 0, &hr);
    assert_non_null(enumerated);
    assert_string_equal(enumerated, chain);
    free(enumerated);
    char *id = enumerate(session, DRM_EL_GROUPIDENTITY_LID, 0, &hr);
    assert_non_null(id);

    /* Nobody else does, and it is nowhere on disk. */
    assert_int_equal(stored_racs(), 0);
    DRMHSESSION other = user_session();
    assert_int_equal(DRMIsActivated(other, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(DRMCloseSession(other), S_OK);
    expect_in_child("not-activated");
    assert_false(on_disk(id));

    /* DRMDeleteLicense removes it from the session. */
    WCHAR *wide_id = wide(id);
    assert_int_equal(DRMDeleteLicense(session, wide_id), S_OK);
    assert_int_equal(DRMDeleteLicense(session, wide_id), E_DRM_RECORD_NOT_FOUND);
    free(wide_id);
    free(id);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);

    /* And closing the session ends one. */
    assert_int_equal(activate(session, DRM_ACTIVATE_TEMPORARY, SERVICE, &watch), S_DRM_COMPLETED);
    assert_int_equal(DRMCloseSession(session), S_OK);
    session = user_session();
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* One bad server: the documented error in the callback, no pvParam,
 * nothing kept. */
static void expect_refused(const struct scripted_reply *reply, HRESULT expected)
{
    struct scripted_transport *transport = script(reply, 1);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(activate(session, DRM_ACTIVATE_SILENT, SERVICE, &watch), expected);
    assert_int_equal(watch.terminals, 1);
    assert_false(watch.terminal_param);
    assert_int_equal(scripted_transport_request_count(transport), 1);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    assert_int_equal(stored_racs(), 0);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
}

static char *certify_reply_for(char *rac)
{
    char *chain = issued_chain_of(pki, rac);
    char *body = reply_certify(chain);
    free(chain);
    free(rac);
    assert_non_null(body);
    return body;
}

static void test_bad_servers(void **state)
{
    (void)state;
    int64_t from = xrml_time_from_now(-900), until = xrml_time_from_now(86400);
    /* A RAC signed by another key. */
    char *body =
        certify_reply_for(issued_rac(pki, other_key, machine_key, machine_id, from, until, 0));
    struct scripted_reply reply = ok_reply(body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    /* Sealed to another machine. */
    body = certify_reply_for(issued_rac(pki, pki->slc_key, other_key, machine_id, from, until, 0));
    reply = ok_reply(body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    /* Expired. */
    body = certify_reply_for(issued_rac(pki, pki->slc_key, machine_key, machine_id,
                                        xrml_time_from_now(-7200), xrml_time_from_now(-3600), 0));
    reply = ok_reply(body);
    expect_refused(&reply, E_DRM_VALIDITYTIME_VIOLATION);
    free(body);
    /* A chain that does not link: the RAC, then the CA without the SLC. */
    char *rac = issued_rac(pki, pki->slc_key, machine_key, machine_id, from, until, 0);
    const char *parts[] = {rac, pki->ca_certificate, NULL};
    char *broken = xrml_concatenate(parts);
    body = reply_certify(broken);
    reply = ok_reply(body);
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
    free(broken);
    free(rac);
    /* Malformed XML. */
    reply =
        ok_reply("<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/"
                 "soap/envelope/\"><soap:Body><CertifyResponse");
    expect_refused(&reply, E_DRM_INVALID_SERVER_RESPONSE);
    /* A SOAP fault: the HRESULT its exception name maps to. */
    body = reply_fault(RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED);
    reply =
        (struct scripted_reply){NULL, NULL, S_OK, 500, "text/xml; charset=utf-8", body, 0, false};
    HRESULT fault =
        rmpr_fault_hresult(rmpr_fault_name(RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED));
    assert_true(FAILED(fault));
    expect_refused(&reply, fault);
    free(body);
    /* HTTP 500 with an HTML page, 401. */
    reply = (struct scripted_reply){
        NULL, NULL, S_OK, 500, "text/html", "<html><body>Server Error</body></html>", 0, false};
    expect_refused(&reply, E_DRM_SERVER_ERROR);
    reply = (struct scripted_reply){NULL, NULL, S_OK, 401, "text/html", "denied", 0, false};
    expect_refused(&reply, E_DRM_AUTHENTICATION_FAILED);
    /* Connection refused; a timeout (platform/http.h's codes). */
    reply = (struct scripted_reply){NULL, NULL, E_DRM_NO_CONNECT, 0, NULL, NULL, 0, false};
    expect_refused(&reply, E_DRM_NO_CONNECT);
    reply = (struct scripted_reply){NULL, NULL, E_DRM_SERVER_ERROR, 0, NULL, NULL, 0, false};
    expect_refused(&reply, E_DRM_SERVER_ERROR);
}

/* No DRM_ACTSERV_INFO: the certification service discovery names. */
static void test_discovered_service(void **state)
{
    (void)state;
    struct scripted_transport *transport = script(NULL, 0);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    assert_int_equal(activate(session, 0, NULL, &watch), E_DRM_SERVER_NOT_FOUND);
    scripted_transport_free(transport);

    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(body)};
    transport = script(replies, 1);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION",
                         "http://found.openmsdrm.test/_wmcs/certification");
    assert_int_equal(activate(session, 0, NULL, &watch), S_DRM_COMPLETED);
    test_set_environment("MSDRM_SERVICE_LOCATION_ACTIVATION", NULL);
    assert_string_equal(scripted_transport_request(transport, 0)->url,
                        "http://found.openmsdrm.test/_wmcs/certification/certification.asmx");
    delete_first_rac(session);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* DRM_ACTIVATE_CANCEL while Certify is on the wire: E_DRM_ABORTED,
 * nothing kept, though the server answered. */
static void test_cancel(void **state)
{
    (void)state;
    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(body)};
    struct scripted_transport *transport = script(replies, 1);
    struct transport_gate gate;
    transport_gate_install(&gate);
    DRMHSESSION session = user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(start(session, DRM_ACTIVATE_SILENT, SERVICE, &watch), S_OK);
    assert_true(transport_gate_wait_arrivals(&gate, 1, WAIT_MS));
    assert_int_equal(DRMActivate(session, DRM_ACTIVATE_CANCEL, 0, NULL, NULL, NULL), S_OK);
    transport_gate_open(&gate);
    assert_int_equal(operation_watch_wait(&watch, WAIT_MS), E_DRM_ABORTED);
    assert_int_equal(watch.terminals, 1);
    assert_int_equal(stored_racs(), 0);
    assert_int_equal(DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL),
                     E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);
    /* Cancelling when nothing runs is harmless. */
    assert_int_equal(
        DRMActivate(session, DRM_ACTIVATE_CANCEL | DRM_ACTIVATE_GROUPIDENTITY, 0, NULL, NULL, NULL),
        S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    transport_gate_remove(&gate);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* DRMCloseSession while Certify is on the wire: it returns, and no
 * callback comes after that (guide.md §3; issue 10, "Races"). */
static void test_close_during_activation(void **state)
{
    (void)state;
    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[] = {ok_reply(body), ok_reply(body)};
    struct scripted_transport *transport = script(replies, 2);
    struct operation_watch watch;
    operation_watch_init(&watch);
    for (UINT flags = 0; flags <= DRM_ACTIVATE_TEMPORARY; flags += DRM_ACTIVATE_TEMPORARY) {
        struct transport_gate gate;
        transport_gate_install(&gate);
        DRMHSESSION session = user_session();
        operation_watch_reset(&watch);
        assert_int_equal(start(session, DRM_ACTIVATE_SILENT | flags, SERVICE, &watch), S_OK);
        assert_true(transport_gate_wait_arrivals(&gate, 1, WAIT_MS));
        assert_int_equal(DRMCloseSession(session), S_OK);
        platform_mutex_lock(&watch.lock);
        watch.closed = true;
        platform_mutex_unlock(&watch.lock);
        transport_gate_open(&gate);
        assert_true(transport_gate_wait_left(&gate, 1, WAIT_MS));
        test_sleep_ms(300); /* time for any message that would come */
        platform_mutex_lock(&watch.lock);
        assert_int_equal(watch.after_close, 0);
        watch.closed = false;
        platform_mutex_unlock(&watch.lock);
        transport_gate_remove(&gate);
    }
    /* The persistent one finished its work; the temporary one had no
     * session left to live in. */
    assert_true(stored_racs() <= 1);
    DRMHSESSION session = user_session();
    while (DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL) == S_OK)
        delete_first_rac(session);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

/* Sessions activating at once, temporary and persistent: each its own
 * outcome, each temporary RAC its own session's (for TSan too). */
#define PARALLEL 4

struct parallel_run {
    bool temporary;
    HRESULT terminal;
    HRESULT activated;
    size_t seen; /* RACs its session enumerates */
};

static void activate_in_parallel(void *argument)
{
    struct parallel_run *run = argument;
    DRMHSESSION session = reply_user_session();
    struct operation_watch watch;
    operation_watch_init(&watch);
    WCHAR *url = wstr_from_utf8(SERVICE);
    DRM_ACTSERV_INFO info = {DRMACTSERVINFOVERSION, NULL, url};
    UINT flags = DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT |
                 (run->temporary ? DRM_ACTIVATE_TEMPORARY : 0);
    run->terminal = DRMActivate(session, flags, 0, &info, &watch, NULL);
    if (SUCCEEDED(run->terminal))
        run->terminal = operation_watch_wait(&watch, WAIT_MS);
    run->activated = DRMIsActivated(session, DRM_ACTIVATE_GROUPIDENTITY, NULL);
    HRESULT hr = S_OK;
    for (run->seen = 0; SUCCEEDED(hr); run->seen++) {
        char *text = reply_enumerate(session, DRM_EL_GROUPIDENTITY, (UINT)run->seen, &hr);
        free(text);
        if (FAILED(hr))
            break;
    }
    DRMCloseSession(session);
    free(url);
    operation_watch_free(&watch);
}

static void test_parallel_activations(void **state)
{
    (void)state;
    char *chain = good_chain();
    char *body = reply_certify(chain);
    struct scripted_reply replies[PARALLEL];
    for (int i = 0; i < PARALLEL; i++)
        replies[i] = ok_reply(body);
    struct scripted_transport *transport = script(replies, PARALLEL);
    struct parallel_run runs[PARALLEL];
    void *arguments[PARALLEL];
    for (int i = 0; i < PARALLEL; i++) {
        runs[i] = (struct parallel_run){.temporary = i % 2 == 1};
        arguments[i] = &runs[i];
    }
    run_on_threads(PARALLEL, activate_in_parallel, arguments);
    for (int i = 0; i < PARALLEL; i++) {
        assert_int_equal(runs[i].terminal, S_DRM_COMPLETED);
        assert_int_equal(runs[i].activated, S_OK);
        /* A persistent session sees the stored RAC (each stored the same
         * one: once) and no other session's temporary one; a temporary
         * session its own, and the stored one if it was there by then. */
        if (runs[i].temporary)
            assert_true(runs[i].seen == 1 || runs[i].seen == 2);
        else
            assert_int_equal(runs[i].seen, 1);
    }
    assert_int_equal(scripted_transport_request_count(transport), PARALLEL);
    assert_int_equal(stored_racs(), 1);
    DRMHSESSION session = user_session();
    delete_first_rac(session);
    assert_int_equal(DRMCloseSession(session), S_OK);
    scripted_transport_free(transport);
    free(body);
    free(chain);
}

static int setup(void **state)
{
    (void)state;
    pki = xrml_test_pki_new();
    other_key = EVP_RSA_gen(1024);
    return pki != NULL && other_key != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    EVP_PKEY_free(other_key);
    EVP_PKEY_free(machine_key);
    free(machine_certificate);
    return 0;
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "activated") == 0)
        return child_check(S_OK);
    if (role != NULL && strcmp(role, "not-activated") == 0)
        return child_check(E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION);

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_user_before_machine),
        cmocka_unit_test(test_machine_activation),
        cmocka_unit_test(test_persistent_activation),
        cmocka_unit_test(test_temporary_activation),
        cmocka_unit_test(test_bad_servers),
        cmocka_unit_test(test_discovered_service),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_close_during_activation),
        cmocka_unit_test(test_parallel_activations),
    };
    return cmocka_run_group_tests_name("user activation", tests, setup, teardown);
}
