/*
 * msdrm-server's failure paths (STYLE.md: "the failure paths are code
 * too"): each request runs again and again with the N-th allocation
 * failing, for N = 0, 1, ... until it runs without meeting the failure.
 * Every run must end in E_OUTOFMEMORY with nothing answered, or in an
 * answer (a fault when the failure hit OpenSSL, which reports no cause),
 * never crash or leak (LeakSanitizer checks at exit); the last must
 * answer 200. Which allocations fail: support/failing_allocations.h
 * (ours and OpenSSL's; not libxml2's, nor SQLite's).
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
#include "failing_allocations.h"
#include "server_fixture.h"

static struct server *server;
static struct test_machine machine;
static char *folder;

struct request {
    const char *what, *path, *ns, *operation, *from;
    char *body;
};

static void with_each_allocation_failing(const struct request *r)
{
    for (long n = 0;; n += n < 1000 ? 1 : 7) {
        char action[256];
        snprintf(action, sizeof action, "\"%s/%s\"", r->ns, r->operation);
        struct server_response response;
        failing_allocations_arm(n);
        HRESULT hr = server_handle_request(server, r->path, action, r->from, r->body,
                                           strlen(r->body), &response);
        bool failed_one = failing_allocations_disarm();
        if (hr == E_OUTOFMEMORY) {
            assert_true(failed_one);
            assert_null(response.body);
            continue;
        }
        assert_int_equal(hr, S_OK);
        assert_non_null(response.body);
        if (!failed_one) {
            if (response.status != 200)
                fail_msg("%s: HTTP %d with no failed allocation", r->what, response.status);
            assert_true(n > 0);
            print_message("%s: %ld allocations, each failed once (every 7th after 1,000)\n",
                          r->what, n);
            server_response_clear(&response);
            return;
        }
        /* Answered although an allocation failed: with the operation's
         * response (the failure was absorbed) or a fault. */
        assert_true(response.status == 200 || response.status == 500);
        server_response_clear(&response);
        if (n > 100000)
            fail_msg("%s: still allocating after 100,000", r->what);
    }
}

static int setup(void **state)
{
    (void)state;
    if (!failing_allocations_cover_openssl())
        return -1;
    folder = test_folder("out-of-memory");
    char *machine_folder = malloc(strlen(folder) + 16);
    sprintf(machine_folder, "%s/machine", folder);
    test_machine_make(&machine, machine_folder);
    free(machine_folder);
    const char *templates[] = {MSDRM_SPEC_EXAMPLES "/sdk-sample-template.xml"};
    server = test_server_open(folder, NULL, templates, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    server_close(server);
    test_machine_free(&machine);
    free(folder);
    return 0;
}

/* Certify for a user the server knows already (a new one would generate
 * a key in each run). */
static void certify(void **state)
{
    (void)state;
    const char *chain[1] = {machine.certificate[0]};
    struct request r = {"Certify", PATH_CERTIFY, NS_CERTIFICATION,
                        "Certify", TEST_USER,    test_certify_body(chain, 1, true)};
    struct server_response warm = test_post(server, r.path, r.ns, r.operation, r.from, r.body);
    assert_int_equal(warm.status, 200);
    server_response_clear(&warm);
    with_each_allocation_failing(&r);
    free(r.body);
}

static void licensor_certificate(void **state)
{
    (void)state;
    struct request r = {
        "GetLicensorCertificate",
        PATH_LICENSING_SERVER,
        NS_SERVER,
        "GetLicensorCertificate",
        NULL,
        test_envelope(NS_SERVER, "GetLicensorCertificate", true, "1.0.0.0", "1.0.0.0", "")};
    with_each_allocation_failing(&r);
    free(r.body);
}

static void service_locations(void **state)
{
    (void)state;
    struct request r = {
        "FindServiceLocationsForUser",
        PATH_LOCATOR,
        NS_SERVER,
        "FindServiceLocationsForUser",
        TEST_USER,
        test_envelope(NS_SERVER, "FindServiceLocationsForUser", true, "1.0.0.0", "1.0.0.0",
                      "<ServiceNames><ServiceLocationRequest><Type>CertificationService</Type>"
                      "</ServiceLocationRequest></ServiceNames>")};
    with_each_allocation_failing(&r);
    free(r.body);
}

static void server_info(void **state)
{
    (void)state;
    struct request r = {
        "GetServerInfo",
        PATH_LICENSING_SERVER,
        NS_SERVER,
        "GetServerInfo",
        NULL,
        test_envelope(NS_SERVER, "GetServerInfo", false, NULL, NULL,
                      "<requests><ServerInfoRequest><Type>ServiceLocations</Type>"
                      "</ServerInfoRequest><ServerInfoRequest><Type>ServerLicensorCertificate"
                      "</Type></ServerInfoRequest></requests>")};
    with_each_allocation_failing(&r);
    free(r.body);
}

static void templates(void **state)
{
    (void)state;
    struct request information = {
        "AcquireTemplateInformation",
        PATH_TEMPLATES,
        NS_TEMPLATES,
        "AcquireTemplateInformation",
        NULL,
        test_envelope(NS_TEMPLATES, "AcquireTemplateInformation", true, "1.0.0.0", "1.0.0.0", "")};
    with_each_allocation_failing(&information);
    free(information.body);
    struct request acquire = {
        "AcquireTemplates",
        PATH_TEMPLATES,
        NS_TEMPLATES,
        "AcquireTemplates",
        NULL,
        test_envelope(NS_TEMPLATES, "AcquireTemplates", true, "1.0.0.0", "1.0.0.0",
                      "<guids><string>{78862306-1fb3-4251-b83d-143db199f5d5}</string></guids>")};
    with_each_allocation_failing(&acquire);
    free(acquire.body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(certify),           cmocka_unit_test(licensor_certificate),
        cmocka_unit_test(service_locations), cmocka_unit_test(server_info),
        cmocka_unit_test(templates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
