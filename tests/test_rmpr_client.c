/*
 * The MS-RMPR calls (src/net/rmpr_client.h) over the scripted transport:
 * what each call sends (URL of rmpr.md §3, SOAPAction of §2.3, From,
 * content type, timeouts, the reply limit), what it makes of good
 * replies, and the documented HRESULT for each bad one: SOAP faults by
 * exception name, HTTP 401/403/404, a 500 with an HTML page, malformed
 * XML, another operation's response, transport failures, a 20 MB reply.
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

#include "net/rmpr_client.h"
#include "net/rmpr_messages.h"
#include "scripted_transport.h"
#include "msdrmerror.h"

#define CERTIFICATION "http://rms.example.com/_wmcs/certification"
#define LICENSING "http://rms.example.com/_wmcs/licensing"

static const char leaf[] = "<XrML xmlns=\"\" version=\"1.2\"><BODY type=\"RAC\">\r\n<N>a</N>"
                           "</BODY><SIGNATURE /></XrML>";
static const char issuer[] = "<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"SLC\" /></XrML>";

static struct rmpr_documents two_documents(void)
{
    struct rmpr_documents chain = {0};
    assert_int_equal(rmpr_documents_append(&chain, leaf, strlen(leaf)), S_OK);
    assert_int_equal(rmpr_documents_append(&chain, issuer, strlen(issuer)), S_OK);
    return chain;
}

static const struct rmpr_call_options certification = {CERTIFICATION, "alice@example.com", 5000};
static const struct rmpr_call_options licensing = {LICENSING, "alice@example.com", 5000};

/* A Certify reply carrying two_documents(), heap. */
static char *certify_reply(size_t *length)
{
    struct rmpr_documents chain = two_documents();
    char *text;
    assert_int_equal(rmpr_write_certify_response(&chain, &text, length), S_OK);
    rmpr_documents_clear(&chain);
    return text;
}

static char *fault_reply(enum rmpr_fault fault, size_t *length)
{
    char *text;
    assert_int_equal(rmpr_write_fault(fault, "details", &text, length), S_OK);
    return text;
}

/* Runs one Certify against `reply`; the chain must stay empty on failure. */
static HRESULT certify_against(const struct scripted_reply *reply)
{
    struct scripted_transport *script = scripted_transport_new(reply, 1);
    assert_non_null(script);
    scripted_transport_install(script);
    struct rmpr_documents machine = two_documents(), rac = {0};
    HRESULT hr = rmpr_certify(&certification, &machine, true, &rac);
    if (FAILED(hr))
        assert_int_equal(rac.count, 0);
    assert_int_equal(scripted_transport_request_count(script), 1);
    assert_int_equal(scripted_transport_mismatches(script), 0);
    rmpr_documents_clear(&rac);
    rmpr_documents_clear(&machine);
    scripted_transport_free(script);
    return hr;
}

static void test_call_urls(void **state)
{
    (void)state;
    struct {
        const char *given;
        enum rmpr_operation operation;
        const char *expected;
    } cases[] = {
        {CERTIFICATION, RMPR_CERTIFY, CERTIFICATION "/certification.asmx"},
        {CERTIFICATION "/", RMPR_CERTIFY, CERTIFICATION "/certification.asmx"},
        {CERTIFICATION, RMPR_FIND_SERVICE_LOCATIONS, CERTIFICATION "/ServiceLocator.asmx"},
        {LICENSING, RMPR_GET_CLIENT_LICENSOR_CERT, LICENSING "/publish.asmx"},
        {LICENSING, RMPR_GET_SERVER_INFO, LICENSING "/server.asmx"},
        {LICENSING, RMPR_ACQUIRE_TEMPLATES, LICENSING "/templateDistribution.asmx"},
        {"https://h/x/Custom.ASMX", RMPR_CERTIFY, "https://h/x/Custom.ASMX"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *url = NULL;
        assert_int_equal(rmpr_call_url(cases[i].given, cases[i].operation, &url), S_OK);
        assert_string_equal(url, cases[i].expected);
        free(url);
    }
    char *url = NULL;
    assert_int_equal(rmpr_call_url("", RMPR_CERTIFY, &url), E_INVALIDARG);
    assert_int_equal(rmpr_call_url("///", RMPR_CERTIFY, &url), E_INVALIDARG);
    assert_int_equal(rmpr_call_url(NULL, RMPR_CERTIFY, &url), E_INVALIDARG);
    assert_null(url);
}

static void test_certify_sends_and_reads(void **state)
{
    (void)state;
    size_t length;
    char *reply_text = certify_reply(&length);
    struct scripted_reply reply = {.expect_path = "/_wmcs/certification/certification.asmx",
                                   .expect_action =
                                       "http://microsoft.com/DRM/CertificationService/Certify",
                                   .status = 200,
                                   .content_type = "text/xml; charset=utf-8",
                                   .body = reply_text,
                                   .length = length};
    struct scripted_transport *script = scripted_transport_new(&reply, 1);
    assert_non_null(script);
    scripted_transport_install(script);
    struct rmpr_documents machine = two_documents(), rac = {0};
    assert_int_equal(rmpr_certify(&certification, &machine, false, &rac), S_OK);
    /* the literal documents of the reply */
    assert_int_equal(rac.count, 2);
    assert_string_equal(rac.texts[0], leaf);
    assert_string_equal(rac.texts[1], issuer);

    assert_int_equal(scripted_transport_mismatches(script), 0);
    const struct scripted_request *sent = scripted_transport_request(script, 0);
    assert_non_null(sent);
    assert_string_equal(sent->url, CERTIFICATION "/certification.asmx");
    assert_string_equal(sent->content_type, "text/xml; charset=utf-8");
    assert_string_equal(sent->from, "alice@example.com");
    assert_int_equal(sent->connect_timeout_ms, 5000);
    assert_int_equal(sent->total_timeout_ms, 5000);
    assert_int_equal(sent->max_response, RMPR_MAX_REPLY);
    assert_int_equal(RMPR_MAX_REPLY, 16 << 20);
    /* the body is the one writer's */
    char *expected;
    size_t expected_length;
    assert_int_equal(rmpr_write_certify_request(&machine, false, &expected, &expected_length),
                     S_OK);
    assert_int_equal(sent->body_length, expected_length);
    assert_memory_equal(sent->body, expected, expected_length);
    free(expected);

    rmpr_documents_clear(&rac);
    rmpr_documents_clear(&machine);
    scripted_transport_free(script);
    free(reply_text);
}

static void test_no_from_header_when_none(void **state)
{
    (void)state;
    size_t length;
    char *reply_text = certify_reply(&length);
    struct scripted_reply reply = {.status = 200, .body = reply_text, .length = length};
    struct scripted_transport *script = scripted_transport_new(&reply, 1);
    scripted_transport_install(script);
    struct rmpr_call_options options = {CERTIFICATION, NULL, 0};
    struct rmpr_documents machine = two_documents(), rac = {0};
    assert_int_equal(rmpr_certify(&options, &machine, true, &rac), S_OK);
    const struct scripted_request *sent = scripted_transport_request(script, 0);
    assert_null(sent->from);
    assert_int_equal(sent->total_timeout_ms, 0);
    rmpr_documents_clear(&rac);
    rmpr_documents_clear(&machine);
    scripted_transport_free(script);
    free(reply_text);
}

/* rmpr_client.h: a fault maps by its exception name, whatever the status. */
static void test_faults_are_mapped(void **state)
{
    (void)state;
    struct {
        enum rmpr_fault fault;
        long status;
        HRESULT expected;
    } cases[] = {
        {RMPR_FAULT_UNAUTHORIZED_ACCESS, 500, E_DRM_AUTHENTICATION_FAILED},
        {RMPR_FAULT_VERIFY_EMAIL_ADDRESS_FAILED, 500, E_DRM_INVALID_EMAIL},
        {RMPR_FAULT_AD_ENTRY_SEARCH_FAILED, 500, E_DRM_AD_ENTRY_NOT_FOUND},
        {RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED, 500, E_DRM_SERVER_ERROR},
        {RMPR_FAULT_UNSUPPORTED_DATA_VERSION, 500, E_DRM_SERVER_ERROR},
        {RMPR_FAULT_AD_ENTRY_SEARCH_FAILED, 200, E_DRM_AD_ENTRY_NOT_FOUND},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t length;
        char *text = fault_reply(cases[i].fault, &length);
        struct scripted_reply reply = {.status = cases[i].status, .body = text, .length = length};
        assert_int_equal(certify_against(&reply), cases[i].expected);
        free(text);
    }
    static const char unknown[] =
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Never.Heard.Of: x"
        "</faultstring></soap:Fault></soap:Body></soap:Envelope>";
    struct scripted_reply reply = {.status = 500, .body = unknown};
    assert_int_equal(certify_against(&reply), E_DRM_SERVER_ERROR);
}

static void test_http_statuses(void **state)
{
    (void)state;
    static const char html[] = "<html><head><title>Runtime Error</title></head><body><h1>Server "
                               "Error in '/_wmcs' Application.</h1></body></html>";
    struct {
        long status;
        const char *body;
        HRESULT expected;
    } cases[] = {
        {500, html, E_DRM_SERVER_ERROR},     {503, "", E_DRM_SERVER_ERROR},
        {404, html, E_DRM_SERVER_NOT_FOUND}, {401, "", E_DRM_AUTHENTICATION_FAILED},
        {403, html, E_DRM_REQUEST_DENIED},   {302, "", E_DRM_SERVER_ERROR},
        {204, "", E_DRM_SERVER_ERROR},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scripted_reply reply = {
            .status = cases[i].status, .content_type = "text/html", .body = cases[i].body};
        assert_int_equal(certify_against(&reply), cases[i].expected);
    }
}

static void test_bad_replies(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "",
        "not xml at all",
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<CertifyResponse xmlns=\"http://microsoft.com/DRM/CertificationService\">",
        /* another operation's response */
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificateResponse xmlns=\"http://microsoft.com/DRM/ServerService\">"
        "<GetLicensorCertificateResult><CertificateChain><Certificate><XrML xmlns=\"\"><BODY/>"
        "</XrML></Certificate></CertificateChain></GetLicensorCertificateResult>"
        "</GetLicensorCertificateResponse></soap:Body></soap:Envelope>",
        /* the right element in the wrong namespace */
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<CertifyResponse xmlns=\"http://example.com/\"><CertifyResult><CertificateChain>"
        "<Certificate><XrML xmlns=\"\"><BODY/></XrML></Certificate></CertificateChain>"
        "</CertifyResult></CertifyResponse></soap:Body></soap:Envelope>",
        /* the right shape with no chain */
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<CertifyResponse xmlns=\"http://microsoft.com/DRM/CertificationService\"><CertifyResult>"
        "</CertifyResult></CertifyResponse></soap:Body></soap:Envelope>",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct scripted_reply reply = {.status = 200, .body = bodies[i]};
        assert_int_equal(certify_against(&reply), E_DRM_INVALID_SERVER_RESPONSE);
    }
}

static void test_transport_failures_pass_through(void **state)
{
    (void)state;
    static const HRESULT failures[] = {E_DRM_NO_CONNECT, E_DRM_SERVER_ERROR,
                                       E_DRM_INVALID_SERVER_RESPONSE, E_OUTOFMEMORY};
    for (size_t i = 0; i < sizeof failures / sizeof failures[0]; i++) {
        struct scripted_reply reply = {.error = failures[i]};
        assert_int_equal(certify_against(&reply), failures[i]);
    }
}

/* A 20 MB reply: refused by a transport that honours max_response, and
 * by the client when one does not. */
static void test_oversized_reply(void **state)
{
    (void)state;
    size_t length = (size_t)20 << 20;
    char *body = malloc(length);
    assert_non_null(body);
    memset(body, ' ', length);
    size_t good_length;
    char *good = certify_reply(&good_length);
    memcpy(body, good, good_length); /* a good reply, then 20 MB of blanks */
    free(good);
    struct scripted_reply honoured = {.status = 200, .body = body, .length = length};
    assert_int_equal(certify_against(&honoured), E_DRM_INVALID_SERVER_RESPONSE);
    struct scripted_reply ignored = {
        .status = 200, .body = body, .length = length, .ignore_max_response = true};
    assert_int_equal(certify_against(&ignored), E_DRM_INVALID_SERVER_RESPONSE);
    free(body);
}

/* Every call, once, to the path and action its operation has. */
static void test_every_call(void **state)
{
    (void)state;
    struct rmpr_documents chain = two_documents();
    const char *types[] = {"LicensingInternalService", "LicensingService"};
    const char *urls[] = {LICENSING, NULL};
    struct rmpr_service_location locations[] = {{"CertificationService", CERTIFICATION}};
    struct rmpr_server_info server = {"1.0.0.0", chain, 1, locations};
    struct rmpr_strings asked = {0};
    assert_int_equal(rmpr_strings_append(&asked, RMPR_INFO_VERSION), S_OK);
    assert_int_equal(rmpr_strings_append(&asked, RMPR_INFO_LICENSOR_CERTIFICATE), S_OK);
    assert_int_equal(rmpr_strings_append(&asked, RMPR_INFO_SERVICE_LOCATIONS), S_OK);
    struct rmpr_guid_hash hashes[] = {{"{G}", "H"}};
    struct rmpr_template_information information = {"KEY", 1, hashes};
    struct rmpr_template templates[] = {{"{G}", "H", "<template/>", 11}};

    char *bodies[6];
    size_t lengths[6];
    assert_int_equal(rmpr_write_get_client_licensor_cert_response(&chain, &bodies[0], &lengths[0]),
                     S_OK);
    assert_int_equal(rmpr_write_get_licensor_certificate_response(&chain, &bodies[1], &lengths[1]),
                     S_OK);
    assert_int_equal(
        rmpr_write_find_service_locations_response(types, urls, 2, &bodies[2], &lengths[2]), S_OK);
    assert_int_equal(rmpr_write_get_server_info_response(&asked, &server, &bodies[3], &lengths[3]),
                     S_OK);
    assert_int_equal(
        rmpr_write_acquire_template_information_response(&information, &bodies[4], &lengths[4]),
        S_OK);
    assert_int_equal(rmpr_write_acquire_templates_response(templates, 1, &bodies[5], &lengths[5]),
                     S_OK);
    struct scripted_reply replies[] = {
        {"/_wmcs/licensing/publish.asmx",
         "http://microsoft.com/DRM/PublishingService/"
         "GetClientLicensorCert",
         S_OK, 200, NULL, bodies[0], lengths[0], false},
        {"/_wmcs/licensing/server.asmx",
         "http://microsoft.com/DRM/ServerService/"
         "GetLicensorCertificate",
         S_OK, 200, NULL, bodies[1], lengths[1], false},
        {"/_wmcs/certification/ServiceLocator.asmx",
         "http://microsoft.com/DRM/ServerService/"
         "FindServiceLocationsForUser",
         S_OK, 200, NULL, bodies[2], lengths[2], false},
        {"/_wmcs/licensing/server.asmx", "http://microsoft.com/DRM/ServerService/GetServerInfo",
         S_OK, 200, NULL, bodies[3], lengths[3], false},
        {"/_wmcs/licensing/templateDistribution.asmx",
         "http://microsoft.com/DRM/TemplateDistributionService/AcquireTemplateInformation", S_OK,
         200, NULL, bodies[4], lengths[4], false},
        {"/_wmcs/licensing/templateDistribution.asmx",
         "http://microsoft.com/DRM/TemplateDistributionService/AcquireTemplates", S_OK, 200, NULL,
         bodies[5], lengths[5], false},
    };
    struct scripted_transport *script = scripted_transport_new(replies, 6);
    assert_non_null(script);
    scripted_transport_install(script);

    struct rmpr_documents clc = {0}, slc = {0};
    assert_int_equal(rmpr_get_client_licensor_cert(&licensing, &chain, &clc), S_OK);
    assert_int_equal(clc.count, 2);
    assert_string_equal(clc.texts[0], leaf);
    assert_int_equal(rmpr_get_licensor_certificate(&licensing, &slc), S_OK);
    assert_int_equal(slc.count, 2);
    char *found[2] = {NULL, NULL};
    assert_int_equal(rmpr_find_service_locations(&certification, types, 2, found), S_OK);
    assert_string_equal(found[0], LICENSING);
    assert_null(found[1]);
    free(found[0]);
    struct rmpr_server_info info = {0};
    assert_int_equal(rmpr_get_server_info(&licensing, &info), S_OK);
    assert_string_equal(info.version, "1.0.0.0");
    assert_int_equal(info.licensor_chain.count, 2);
    assert_int_equal(info.location_count, 1);
    rmpr_server_info_clear(&info);
    struct rmpr_template_information read_information = {0};
    assert_int_equal(rmpr_acquire_template_information(&licensing, &read_information), S_OK);
    assert_string_equal(read_information.server_public_key, "KEY");
    rmpr_template_information_clear(&read_information);
    const char *guids[] = {"{g}"};
    struct rmpr_template read_template = {0};
    assert_int_equal(rmpr_acquire_templates(&licensing, guids, 1, &read_template), S_OK);
    assert_string_equal(read_template.text, "<template/>");
    rmpr_template_clear(&read_template);
    assert_int_equal(scripted_transport_mismatches(script), 0);
    assert_int_equal(scripted_transport_request_count(script), 6);

    rmpr_documents_clear(&clc);
    rmpr_documents_clear(&slc);
    scripted_transport_free(script);
    for (int i = 0; i < 6; i++)
        free(bodies[i]);
    rmpr_strings_clear(&asked);
    rmpr_documents_clear(&chain);
}

/* Arguments refused before anything is sent. */
static void test_arguments(void **state)
{
    (void)state;
    struct scripted_transport *script = scripted_transport_new(NULL, 0);
    scripted_transport_install(script);
    struct rmpr_documents chain = two_documents(), out = {0};
    struct rmpr_call_options no_url = {NULL, NULL, 0};
    assert_int_equal(rmpr_certify(NULL, &chain, true, &out), E_INVALIDARG);
    assert_int_equal(rmpr_certify(&no_url, &chain, true, &out), E_INVALIDARG);
    assert_int_equal(rmpr_certify(&certification, NULL, true, &out), E_INVALIDARG);
    assert_int_equal(rmpr_get_client_licensor_cert(&licensing, &chain, NULL), E_INVALIDARG);
    const char *guids[RMPR_MAX_TEMPLATES_PER_CALL + 1];
    struct rmpr_template templates[RMPR_MAX_TEMPLATES_PER_CALL + 1];
    for (size_t i = 0; i <= RMPR_MAX_TEMPLATES_PER_CALL; i++)
        guids[i] = "{g}";
    assert_int_equal(
        rmpr_acquire_templates(&licensing, guids, RMPR_MAX_TEMPLATES_PER_CALL + 1, templates),
        E_INVALIDARG);
    assert_int_equal(rmpr_find_service_locations(&certification, guids, 0, NULL), E_INVALIDARG);
    /* a chain with something that is not a document: refused unsent */
    struct rmpr_documents bad = {0};
    assert_int_equal(rmpr_documents_append(&bad, "</Certificate><x>", 17), S_OK);
    assert_int_equal(rmpr_certify(&certification, &bad, true, &out), E_INVALIDARG);
    assert_int_equal(scripted_transport_request_count(script), 0);
    rmpr_documents_clear(&bad);
    rmpr_documents_clear(&chain);
    scripted_transport_free(script);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_call_urls),
        cmocka_unit_test(test_certify_sends_and_reads),
        cmocka_unit_test(test_no_from_header_when_none),
        cmocka_unit_test(test_faults_are_mapped),
        cmocka_unit_test(test_http_statuses),
        cmocka_unit_test(test_bad_replies),
        cmocka_unit_test(test_transport_failures_pass_through),
        cmocka_unit_test(test_oversized_reply),
        cmocka_unit_test(test_every_call),
        cmocka_unit_test(test_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
