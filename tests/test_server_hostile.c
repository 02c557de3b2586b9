/*
 * Hostile clients against msdrm-server in-process (issue 10, "Hostile
 * clients"): entity expansion and external entities, truncated and
 * malformed XML, wrong SOAPActions, path traversal, oversized and deep
 * bodies. Each gets a 4xx or a fault at once, no file is read, and the
 * server keeps serving.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "server_fixture.h"

struct fixture {
    char *folder;
    struct test_machine machine;
    struct server *server;
};

static struct fixture fixture;

static int setup_all(void **state)
{
    (void)state;
    fixture.folder = test_folder("hostile");
    char *machine_folder = malloc(strlen(fixture.folder) + 16);
    sprintf(machine_folder, "%s/machine", fixture.folder);
    test_machine_make(&fixture.machine, machine_folder);
    free(machine_folder);
    fixture.server = test_server_open(fixture.folder, NULL, NULL, 0);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    server_close(fixture.server);
    test_machine_free(&fixture.machine);
    free(fixture.folder);
    return 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Posts raw bytes; the status, and the body must not leak a file. */
static int post_raw(const char *path, const char *action, const char *body, size_t length)
{
    struct server_response response;
    double start = now_ms();
    assert_int_equal(
        server_handle_request(fixture.server, path, action, TEST_USER, body, length, &response),
        S_OK);
    assert_true(now_ms() - start < 2000); /* at once */
    assert_non_null(response.body);
    assert_null(strstr(response.body, "root:"));
    int status = response.status;
    server_response_clear(&response);
    return status;
}

#define CERTIFY_ACTION "\"" NS_CERTIFICATION "/Certify\""

/* A valid Certify still gets its RAC. */
static void still_serving(void)
{
    const char *chain[1] = {fixture.machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    struct server_response response =
        test_post(fixture.server, PATH_CERTIFY, NS_CERTIFICATION, "Certify", TEST_USER, body);
    assert_int_equal(response.status, 200);
    server_response_clear(&response);
    free(body);
}

static void entity_expansion(void **state)
{
    (void)state;
    const char body[] =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
        "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
        "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
        "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
        "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
        "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
        "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
        "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<Certify xmlns=\"" NS_CERTIFICATION "\"><requestParams><MachineCertificateChain>"
        "<Certificate>&lol9;</Certificate></MachineCertificateChain><Persistent>true"
        "</Persistent></requestParams></Certify></soap:Body></soap:Envelope>";
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, strlen(body)), 400);
    still_serving();
}

static void external_entity(void **state)
{
    (void)state;
    const char *bodies[] = {
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificate xmlns=\"" NS_SERVER "\">&xxe;</GetLicensorCertificate>"
        "</soap:Body></soap:Envelope>",
        "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"file:///etc/passwd\">"
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificate xmlns=\"" NS_SERVER "\" /></soap:Body></soap:Envelope>",
        /* An entity reference with no DTD at all. */
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificate xmlns=\"" NS_SERVER "\">&xxe;</GetLicensorCertificate>"
        "</soap:Body></soap:Envelope>",
        /* XInclude is not processed either. */
        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
        "<GetLicensorCertificate xmlns=\"" NS_SERVER "\"><xi:include "
        "xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/>"
        "</GetLicensorCertificate></soap:Body></soap:Envelope>",
    };
    const char action[] = "\"" NS_SERVER "/GetLicensorCertificate\"";
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        int status = post_raw(PATH_LICENSING_SERVER, action, bodies[i], strlen(bodies[i]));
        if (i < 3)
            assert_int_equal(status, 400);
        else
            assert_true(status == 200 || status == 400); /* ignored or refused, never read */
    }
    still_serving();
}

/* Every prefix of a valid request is refused (it is not XML yet). */
static void truncated(void **state)
{
    (void)state;
    const char *chain[1] = {fixture.machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    size_t length = strlen(body);
    /* the whitespace after the envelope's end may go */
    while (length > 0 && (body[length - 1] == '\n' || body[length - 1] == ' '))
        length--;
    for (size_t cut = 0; cut < length; cut += 1 + cut / 8)
        assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, cut), 400);
    free(body);
    still_serving();
}

static void wrong_soap_action(void **state)
{
    (void)state;
    const char *chain[1] = {fixture.machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    size_t length = strlen(body);
    const char *actions[] = {
        NULL,
        "",
        "\"\"",
        "garbage",
        "\"" NS_SERVER "/GetLicensorCertificate\"",    /* served elsewhere */
        "\"" NS_PUBLISHING "/GetClientLicensorCert\"", /* another service */
        "\"" NS_CERTIFICATION "/Certify\"\"\"",        /* quotes left over */
        "\"" NS_CERTIFICATION "/Certify/../Certify\"",
    };
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        assert_int_equal(post_raw(PATH_CERTIFY, actions[i], body, length), 400);
    /* The action of an operation served at the path, with another's body. */
    assert_int_equal(
        post_raw(PATH_PUBLISH, "\"" NS_PUBLISHING "/GetClientLicensorCert\"", body, length), 400);
    free(body);
    still_serving();
}

static void path_traversal(void **state)
{
    (void)state;
    const char *chain[1] = {fixture.machine.certificate[0]};
    char *body = test_certify_body(chain, 1, true);
    size_t length = strlen(body);
    const char *paths[] = {
        NULL,
        "",
        "/",
        "/etc/passwd",
        "/_wmcs",
        "/_wmcs/",
        "/_wmcs/../etc/passwd",
        "/_wmcs/certification/../../../../etc/passwd",
        "/_wmcs/certification/%2e%2e/%2e%2e/etc/passwd",
        "/_wmcs/certification/certification.asmx/../../../etc/passwd",
        "/_wmcs/certification/./certification.asmx",
        "/_wmcs//certification/certification.asmx",
        "/_wmcs/certification/certification.asmx%00",
        "/_wmcs/licensing/certification.asmx", /* Certify lives in certification/ */
        "//_wmcs/certification/certification.asmx",
        "/_wmcs/certification\\certification.asmx",
    };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        assert_int_equal(post_raw(paths[i], CERTIFY_ACTION, body, length), 404);
    /* IIS ignores the case of a path; a query string is not the path. */
    assert_int_equal(
        post_raw("/_wmcs/CERTIFICATION/Certification.ASMX", CERTIFY_ACTION, body, length), 200);
    assert_int_equal(post_raw(PATH_CERTIFY "?wsdl", CERTIFY_ACTION, body, length), 200);
    free(body);
}

static void oversized_and_deep(void **state)
{
    (void)state;
    /* Over the limit: 413 without reading it. */
    size_t big = SERVER_MAX_BODY + 1;
    char *body = malloc(big);
    memset(body, '<', big);
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, big), 413);
    /* Deep nesting, within the size limit. */
    size_t depth = 100000;
    size_t offset = (size_t)sprintf(body,
                                    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/"
                                    "soap/envelope/\"><soap:Body><Certify xmlns=\"%s\">",
                                    NS_CERTIFICATION);
    for (size_t i = 0; i < depth; i++)
        memcpy(body + offset + 3 * i, "<a>", 3);
    offset += 3 * depth;
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, offset), 400);
    /* Many elements side by side. */
    offset = (size_t)sprintf(body,
                             "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/"
                             "soap/envelope/\"><soap:Body><Certify xmlns=\"%s\">",
                             NS_CERTIFICATION);
    while (offset + 64 < SERVER_MAX_BODY) {
        memcpy(body + offset, "<a b=\"\" c=\"\"/>", 14);
        offset += 14;
    }
    offset += (size_t)sprintf(body + offset, "</Certify></soap:Body></soap:Envelope>");
    /* (within the reader's node limit: read, and no requestParams) */
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, offset), 500);
    /* Binary bytes, NULs, an empty body. */
    for (size_t i = 0; i < 4096; i++)
        body[i] = (char)(i * 7919 % 251);
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, 4096), 400);
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, "", 0), 400);
    assert_int_equal(post_raw(PATH_CERTIFY, CERTIFY_ACTION, NULL, 0), 400);
    free(body);
    still_serving();
}

/* A machine certificate that carries a DTD or entities inside the
 * envelope, and one that is not well-formed inside its Certificate. */
static void hostile_certificates(void **state)
{
    (void)state;
    const char *inner[] = {
        "<Certificate><XrML xmlns=\"\" version=\"1.2\"><BODY>&amp;&lt;&#x41;</BODY></XrML>"
        "</Certificate>",
        "<Certificate><XrML xmlns=\"\" version=\"1.2\"><BODY><![CDATA[<x>]]></BODY></XrML>"
        "</Certificate>",
        "<Certificate>text only</Certificate>",
        "<Certificate><XrML xmlns=\"urn:x\" version=\"1.2\"><BODY /></XrML></Certificate>",
        "<Certificate><a/><b/></Certificate>",
    };
    for (size_t i = 0; i < sizeof inner / sizeof inner[0]; i++) {
        char chain[512];
        snprintf(chain, sizeof chain,
                 "<requestParams><MachineCertificateChain>%s</MachineCertificateChain>"
                 "<Persistent>true</Persistent></requestParams>",
                 inner[i]);
        char *body = test_envelope(NS_CERTIFICATION, "Certify", true, "1.0.0.0", "1.0.0.0", chain);
        int status = post_raw(PATH_CERTIFY, CERTIFY_ACTION, body, strlen(body));
        assert_true(status == 400 || status == 500);
        free(body);
    }
    still_serving();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entity_expansion),
        cmocka_unit_test(external_entity),
        cmocka_unit_test(truncated),
        cmocka_unit_test(wrong_soap_action),
        cmocka_unit_test(path_traversal),
        cmocka_unit_test(oversized_and_deep),
        cmocka_unit_test(hostile_certificates),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
