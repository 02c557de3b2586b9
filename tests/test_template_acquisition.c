/*
 * Templates through the exported API
 * (functions/DRMAcquireIssuanceLicenseTemplate.md, DRMEnumerateLicense.md,
 * DRMDeleteLicense.md; spec/rmpr.md §5.9), the scripted transport
 * answering for the template distribution service: what is missing is
 * fetched; with DRM_AILT_OBTAIN_ALL what changed is replaced and what the
 * server no longer lists is deleted; another server's templates are left
 * alone; a template that does not verify changes nothing; the one
 * message, with pvParam NULL.
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
#include "server_replies.h"
#include "store/license_store.h"
#include "util/wstring.h"
#include "msdrm.h"

#define LICENSING "http://rms.openmsdrm.test/_wmcs/licensing"
#define TEMPLATES_PATH "/_wmcs/licensing/templateDistribution.asmx"
#define INFORMATION_ACTION                                                                         \
    "http://microsoft.com/DRM/TemplateDistributionService/AcquireTemplateInformation"
#define TEMPLATES_ACTION "http://microsoft.com/DRM/TemplateDistributionService/AcquireTemplates"
#define WAIT_MS 30000
#define TEMPLATE_KIND STORE_KIND_MASK(STORE_ISSUANCE_LICENSE_TEMPLATE)

static struct xrml_test_pki *pki, *other_pki;

/* One server's side: its key and the templates it lists. */
struct server {
    const struct xrml_test_pki *pki;
    size_t count;
    char guids[8][39];
    char *texts[8];
};

static void server_add(struct server *server, const char *guid)
{
    size_t i = server->count++;
    if (guid != NULL)
        strcpy(server->guids[i], guid);
    else
        xrml_random_guid(server->guids[i]);
    server->texts[i] = issued_template(server->pki, server->pki->slc_key, server->guids[i], 7);
    assert_non_null(server->texts[i]);
}

static void server_free(struct server *server)
{
    for (size_t i = 0; i < server->count; i++)
        free(server->texts[i]);
    server->count = 0;
}

/* The information reply for the server's list. */
static char *information(const struct server *server)
{
    const char *guids[8], *hashes[8];
    char *owned[8];
    for (size_t i = 0; i < server->count; i++) {
        guids[i] = server->guids[i];
        hashes[i] = owned[i] = issued_template_hash(server->texts[i]);
        assert_non_null(owned[i]);
    }
    char *key = issued_server_public_key(server->pki->slc_key);
    assert_non_null(key);
    char *body = reply_template_information(key, guids, hashes, server->count);
    for (size_t i = 0; i < server->count; i++)
        free(owned[i]);
    free(key);
    assert_non_null(body);
    return body;
}

/* The AcquireTemplates reply for templates `which` of the server. */
static char *templates(const struct server *server, const size_t *which, size_t count)
{
    const char *guids[8], *texts[8];
    for (size_t i = 0; i < count; i++) {
        guids[i] = server->guids[which[i]];
        texts[i] = server->texts[which[i]];
    }
    char *body = reply_templates(guids, texts, count);
    assert_non_null(body);
    return body;
}

static struct scripted_reply reply(const char *action, const char *body)
{
    return (struct scripted_reply){TEMPLATES_PATH, action, S_OK, 200, "text/xml; charset=utf-8",
                                   body,           0,      false};
}

static DRMHSESSION session_for_tests(void)
{
    DRMHSESSION session = reply_user_session();
    assert_int_not_equal(session, DRMHSESSION_INVALID);
    return session;
}

/* DRMAcquireIssuanceLicenseTemplate; the terminal message. */
static HRESULT acquire(DRMHSESSION session, UINT flags, struct operation_watch *watch)
{
    operation_watch_reset(watch);
    WCHAR *url = wstr_from_utf8(LICENSING);
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, flags, NULL, 0, NULL, url, watch),
                     S_OK);
    free(url);
    return operation_watch_wait(watch, WAIT_MS);
}

/* Whether the store holds template `guid` with exactly `text`. */
static bool holds(DRMHSESSION session, const char *guid, const char *text)
{
    HRESULT hr;
    for (UINT i = 0;; i++) {
        char *id = reply_enumerate(session, DRM_EL_ISSUANCELICENSE_TEMPLATE_LID, i, &hr);
        if (id == NULL)
            return false;
        bool match = strcmp(id, guid) == 0;
        free(id);
        if (!match)
            continue;
        char *stored = reply_enumerate(session, DRM_EL_ISSUANCELICENSE_TEMPLATE, i, &hr);
        bool same = stored != NULL && (text == NULL || strcmp(stored, text) == 0);
        free(stored);
        return same;
    }
}

static void test_sync(void **state)
{
    (void)state;
    DRMHSESSION session = session_for_tests();
    struct operation_watch watch;
    operation_watch_init(&watch);
    struct server server = {pki, 0, {{0}}, {0}};
    server_add(&server, NULL); /* A */
    server_add(&server, NULL); /* B */

    /* Both missing: both fetched, in one AcquireTemplates. */
    char *info = information(&server);
    size_t both[] = {0, 1};
    char *list = templates(&server, both, 2);
    struct scripted_reply first[] = {reply(INFORMATION_ACTION, info),
                                     reply(TEMPLATES_ACTION, list)};
    struct scripted_transport *transport = reply_script(first, 2);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), S_DRM_COMPLETED);
    /* The one message, pvParam NULL (types.md §4). */
    assert_int_equal(watch.messages, 1);
    assert_int_equal(watch.kinds[0], DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE);
    assert_false(watch.terminal_param);
    assert_int_equal(scripted_transport_request_count(transport), 2);
    assert_int_equal(scripted_transport_mismatches(transport), 0);
    const struct scripted_request *request = scripted_transport_request(transport, 1);
    assert_non_null(strstr(request->body, server.guids[0]));
    assert_non_null(strstr(request->body, server.guids[1]));
    assert_string_equal(request->from, ISSUED_USER);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 2);
    assert_true(holds(session, server.guids[0], server.texts[0]));
    assert_true(holds(session, server.guids[1], server.texts[1]));
    scripted_transport_free(transport);
    free(info);
    free(list);

    /* Nothing changed: only the list is asked for. */
    info = information(&server);
    struct scripted_reply same[] = {reply(INFORMATION_ACTION, info)};
    transport = reply_script(same, 1);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), S_DRM_COMPLETED);
    assert_int_equal(scripted_transport_request_count(transport), 1);
    scripted_transport_free(transport);
    free(info);

    /* A changed, B gone, C new: A and C fetched, B deleted. */
    char b[39];
    strcpy(b, server.guids[1]);
    free(server.texts[0]);
    server.texts[0] = issued_template(pki, pki->slc_key, server.guids[0], 30); /* another hash */
    free(server.texts[1]);
    server.count = 1;
    server_add(&server, NULL); /* C, at index 1 */
    info = information(&server);
    list = templates(&server, both, 2);
    struct scripted_reply changed[] = {reply(INFORMATION_ACTION, info),
                                       reply(TEMPLATES_ACTION, list)};
    transport = reply_script(changed, 2);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), S_DRM_COMPLETED);
    assert_int_equal(scripted_transport_request_count(transport), 2);
    assert_non_null(strstr(scripted_transport_request(transport, 1)->body, server.guids[0]));
    assert_int_equal(reply_stored(TEMPLATE_KIND), 2);
    assert_true(holds(session, server.guids[0], server.texts[0]));
    assert_true(holds(session, server.guids[1], server.texts[1]));
    assert_false(holds(session, b, NULL));
    scripted_transport_free(transport);
    free(info);
    free(list);

    /* Without OBTAIN_ALL: D (new) is fetched, C (no longer listed) kept. */
    char c[39];
    strcpy(c, server.guids[1]);
    free(server.texts[1]);
    server.count = 1;
    char *stored_a = server.texts[0];
    server.texts[0] = issued_template(pki, pki->slc_key, server.guids[0], 60); /* changed again */
    server_add(&server, NULL);                                                 /* D */
    info = information(&server);
    size_t only_d[] = {1};
    list = templates(&server, only_d, 1);
    struct scripted_reply additions[] = {reply(INFORMATION_ACTION, info),
                                         reply(TEMPLATES_ACTION, list)};
    transport = reply_script(additions, 2);
    assert_int_equal(acquire(session, 0, &watch), S_DRM_COMPLETED);
    assert_int_equal(scripted_transport_request_count(transport), 2);
    assert_null(strstr(scripted_transport_request(transport, 1)->body, server.guids[0]));
    assert_int_equal(reply_stored(TEMPLATE_KIND), 3);
    assert_true(holds(session, c, NULL));
    assert_true(holds(session, server.guids[0], stored_a)); /* not replaced */
    assert_true(holds(session, server.guids[1], server.texts[1]));
    free(stored_a);
    scripted_transport_free(transport);
    free(info);
    free(list);

    /* Another server's templates stay while this one's list empties. */
    struct server other = {other_pki, 0, {{0}}, {0}};
    server_add(&other, NULL);
    info = information(&other);
    size_t one[] = {0};
    list = templates(&other, one, 1);
    struct scripted_reply other_server[] = {reply(INFORMATION_ACTION, info),
                                            reply(TEMPLATES_ACTION, list)};
    transport = reply_script(other_server, 2);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), S_DRM_COMPLETED);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 4);
    scripted_transport_free(transport);
    free(info);
    free(list);
    server_free(&server);
    info = information(&server);
    struct scripted_reply empty[] = {reply(INFORMATION_ACTION, info)};
    transport = reply_script(empty, 1);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), S_DRM_COMPLETED);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 1);
    assert_true(holds(session, other.guids[0], other.texts[0]));
    scripted_transport_free(transport);
    free(info);

    /* DRMDeleteLicense takes a template GUID. */
    WCHAR *guid = wstr_from_utf8(other.guids[0]);
    assert_int_equal(DRMDeleteLicense(session, guid), S_OK);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 0);
    free(guid);
    server_free(&other);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
}

static void test_bad_servers(void **state)
{
    (void)state;
    DRMHSESSION session = session_for_tests();
    struct operation_watch watch;
    operation_watch_init(&watch);
    struct server server = {pki, 0, {{0}}, {0}};
    server_add(&server, NULL);
    server_add(&server, NULL);
    /* The second template signed by another key: nothing is kept, not
     * even the good first one. */
    free(server.texts[1]);
    server.texts[1] = issued_template(pki, other_pki->slc_key, server.guids[1], 7);
    char *info = information(&server);
    size_t both[] = {0, 1};
    char *list = templates(&server, both, 2);
    struct scripted_reply forged[] = {reply(INFORMATION_ACTION, info),
                                      reply(TEMPLATES_ACTION, list)};
    struct scripted_transport *transport = reply_script(forged, 2);
    assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), E_DRM_INVALID_SERVER_RESPONSE);
    assert_false(watch.terminal_param);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 0);
    scripted_transport_free(transport);
    free(list);

    /* A list whose key is not a key; 404; refused; malformed. */
    char *bad_key = reply_template_information("bm90IGEga2V5", NULL, NULL, 0);
    const struct scripted_reply cases[] = {
        reply(INFORMATION_ACTION, bad_key),
        {NULL, NULL, S_OK, 404, "text/html", "not here", 0, false},
        {NULL, NULL, E_DRM_NO_CONNECT, 0, NULL, NULL, 0, false},
        reply(INFORMATION_ACTION, "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/"
                                  "envelope/\"><soap:Body>"),
    };
    const HRESULT expected[] = {E_DRM_INVALID_SERVER_RESPONSE, E_DRM_SERVER_NOT_FOUND,
                                E_DRM_NO_CONNECT, E_DRM_INVALID_SERVER_RESPONSE};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        transport = reply_script(&cases[i], 1);
        assert_int_equal(acquire(session, DRM_AILT_OBTAIN_ALL, &watch), expected[i]);
        assert_int_equal(watch.terminals, 1);
        assert_int_equal(reply_stored(TEMPLATE_KIND), 0);
        scripted_transport_free(transport);
    }
    free(bad_key);
    free(info);
    server_free(&server);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
}

static void test_arguments_and_cancel(void **state)
{
    (void)state;
    DRMHSESSION session = session_for_tests();
    WCHAR *url = wstr_from_utf8(LICENSING);
    WCHAR *ids[1] = {url};
    int reserved = 0;
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, 0, &reserved, 0, NULL, url, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, 0, NULL, 1, NULL, url, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, 0, NULL, 0, ids, url, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(session, 0x80, NULL, 0, NULL, url, NULL),
                     E_INVALIDARG);
    assert_int_equal(DRMAcquireIssuanceLicenseTemplate(0x4321, 0, NULL, 0, NULL, url, NULL),
                     E_DRM_INVALID_HANDLE);

    /* DRM_AILT_CANCEL while the list is on the wire. */
    struct server server = {pki, 0, {{0}}, {0}};
    server_add(&server, NULL);
    char *info = information(&server);
    size_t one[] = {0};
    char *list = templates(&server, one, 1);
    struct scripted_reply replies[] = {reply(INFORMATION_ACTION, info),
                                       reply(TEMPLATES_ACTION, list)};
    struct scripted_transport *transport = reply_script(replies, 2);
    struct transport_gate gate;
    transport_gate_install(&gate);
    struct operation_watch watch;
    operation_watch_init(&watch);
    assert_int_equal(
        DRMAcquireIssuanceLicenseTemplate(session, DRM_AILT_OBTAIN_ALL, NULL, 0, NULL, url, &watch),
        S_OK);
    assert_true(transport_gate_wait_arrivals(&gate, 1, WAIT_MS));
    assert_int_equal(
        DRMAcquireIssuanceLicenseTemplate(session, DRM_AILT_CANCEL, NULL, 0, NULL, NULL, NULL),
        S_OK);
    transport_gate_open(&gate);
    assert_int_equal(operation_watch_wait(&watch, WAIT_MS), E_DRM_ABORTED);
    assert_int_equal(reply_stored(TEMPLATE_KIND), 0);
    transport_gate_remove(&gate);
    scripted_transport_free(transport);
    free(info);
    free(list);
    server_free(&server);
    free(url);
    assert_int_equal(DRMCloseSession(session), S_OK);
    operation_watch_free(&watch);
}

static int setup(void **state)
{
    (void)state;
    pki = xrml_test_pki_new();
    other_pki = xrml_test_pki_new();
    return pki != NULL && other_pki != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    xrml_test_pki_free(other_pki);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sync),
        cmocka_unit_test(test_bad_servers),
        cmocka_unit_test(test_arguments_and_cancel),
    };
    return cmocka_run_group_tests_name("templates", tests, setup, teardown);
}
