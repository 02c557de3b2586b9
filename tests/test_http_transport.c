/*
 * The transport chosen at run time (src/net/http_transport.h) and the
 * scripted fake the MS-RMPR tests use (tests/support/scripted_transport.h):
 * the default is the platform's, a set transport answers until NULL
 * restores the default, swaps are safe while other threads post, and the
 * fake answers from its script and records what it was sent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/http_transport.h"
#include "scripted_transport.h"
#include "test_threads.h"
#include "msdrmerror.h"

static struct http_request request_to(const char *url)
{
    struct http_request request = {0};
    request.url = url;
    request.content_type = "text/xml; charset=utf-8";
    request.soap_action = "urn:action";
    request.from = "alice@example.com";
    request.body = "<x/>";
    request.body_length = 4;
    request.connect_timeout_ms = 1000;
    request.total_timeout_ms = 2000;
    request.max_response = 64;
    return request;
}

static void test_default_is_the_platform_transport(void **state)
{
    (void)state;
    const struct http_transport *initial = http_transport_current();
    assert_non_null(initial);
    assert_non_null(initial->post);
    struct scripted_transport *script = scripted_transport_new(NULL, 0);
    assert_non_null(script);
    scripted_transport_install(script);
    assert_ptr_not_equal(http_transport_current(), initial);
    http_transport_set(NULL);
    assert_ptr_equal(http_transport_current(), initial);
    scripted_transport_free(script);
}

static void test_scripted_replies_in_order_and_records(void **state)
{
    (void)state;
    static const struct scripted_reply replies[] = {
        {.expect_path = "/a.asmx",
         .expect_action = "urn:action",
         .status = 200,
         .content_type = "text/xml",
         .body = "<ok/>"},
        {.error = E_DRM_SERVER_ERROR},
        {.status = 200,
         .body = "0123456789012345678901234567890123456789012345678901234567890123456789"},
        {.status = 200,
         .body = "0123456789012345678901234567890123456789012345678901234567890123456789",
         .ignore_max_response = true},
    };
    struct scripted_transport *script = scripted_transport_new(replies, 4);
    assert_non_null(script);
    scripted_transport_install(script);

    struct http_request request = request_to("http://h/x/a.asmx");
    struct http_response response;
    assert_int_equal(http_transport_post(&request, &response), S_OK);
    assert_int_equal(response.status, 200);
    assert_string_equal(response.content_type, "text/xml");
    assert_int_equal(response.length, 5);
    assert_string_equal(response.body, "<ok/>");
    http_response_clear(&response);

    assert_int_equal(http_transport_post(&request, &response), E_DRM_SERVER_ERROR);
    /* platform/http.h: a body over max_response fails the call */
    assert_int_equal(http_transport_post(&request, &response), E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(http_transport_post(&request, &response), S_OK);
    assert_int_equal(response.length, 70);
    http_response_clear(&response);
    /* past the end of the script */
    assert_int_equal(http_transport_post(&request, &response), E_DRM_NO_CONNECT);
    assert_int_equal(scripted_transport_mismatches(script), 1);

    assert_int_equal(scripted_transport_request_count(script), 5);
    const struct scripted_request *sent = scripted_transport_request(script, 0);
    assert_string_equal(sent->url, "http://h/x/a.asmx");
    assert_string_equal(sent->soap_action, "urn:action");
    assert_string_equal(sent->from, "alice@example.com");
    assert_string_equal(sent->content_type, "text/xml; charset=utf-8");
    assert_int_equal(sent->body_length, 4);
    assert_string_equal(sent->body, "<x/>");
    assert_int_equal(sent->connect_timeout_ms, 1000);
    assert_int_equal(sent->total_timeout_ms, 2000);
    assert_int_equal(sent->max_response, 64);
    assert_null(scripted_transport_request(script, 5));
    scripted_transport_free(script);
}

static void test_scripted_expectations_are_checked(void **state)
{
    (void)state;
    static const struct scripted_reply replies[] = {
        {.expect_path = "/b.asmx", .status = 200},
        {.expect_action = "urn:other", .status = 200},
    };
    struct scripted_transport *script = scripted_transport_new(replies, 2);
    assert_non_null(script);
    scripted_transport_install(script);
    struct http_request request = request_to("http://h/a.asmx");
    struct http_response response;
    assert_int_equal(http_transport_post(&request, &response), E_DRM_NO_CONNECT);
    assert_int_equal(http_transport_post(&request, &response), E_DRM_NO_CONNECT);
    assert_int_equal(scripted_transport_mismatches(script), 2);
    /* freeing the installed transport puts the default back */
    const struct http_transport *scripted = http_transport_current();
    scripted_transport_free(script);
    assert_ptr_not_equal(http_transport_current(), scripted);
}

/* Two threads posting while a third swaps the transport (for TSan): each
 * post goes to the script or to the default, and returns. The default is
 * pointed at a closed loopback port, so it fails at once. */
#define POSTS 50
static struct scripted_reply endless[2 * POSTS];

struct role {
    bool swaps;
    struct scripted_transport *script;
};

static void post_or_swap(void *argument)
{
    struct role *role = argument;
    struct http_request request = request_to("http://127.0.0.1:1/a.asmx");
    for (int i = 0; i < POSTS; i++) {
        if (role->swaps) {
            scripted_transport_install(role->script);
            http_transport_set(NULL);
            continue;
        }
        struct http_response response;
        if (http_transport_post(&request, &response) == S_OK)
            http_response_clear(&response);
    }
}

static void test_swaps_while_posting(void **state)
{
    (void)state;
    for (size_t i = 0; i < 2 * POSTS; i++)
        endless[i] = (struct scripted_reply){.status = 200, .body = "<ok/>"};
    struct scripted_transport *script = scripted_transport_new(endless, 2 * POSTS);
    assert_non_null(script);
    scripted_transport_install(script);
    struct role posting = {false, script}, swapping = {true, script};
    void *arguments[3] = {&posting, &posting, &swapping};
    run_on_threads(3, post_or_swap, arguments);
    assert_int_equal(scripted_transport_mismatches(script), 0);
    assert_true(scripted_transport_request_count(script) <= 2 * POSTS);
    scripted_transport_free(script);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_is_the_platform_transport),
        cmocka_unit_test(test_scripted_replies_in_order_and_records),
        cmocka_unit_test(test_scripted_expectations_are_checked),
        cmocka_unit_test(test_swaps_while_posting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
