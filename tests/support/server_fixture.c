/*
 * msdrm-server test conveniences (server_fixture.h).
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */

#include "server_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <openssl/x509.h>

#include "client/machine_identity.h"
#include "platform/platform.h"
#include "store/license_store.h"
#include "util/base64.h"

static char *format(const char *pattern, ...)
{
    va_list args;
    va_start(args, pattern);
    int length = vsnprintf(NULL, 0, pattern, args);
    va_end(args);
    assert_true(length >= 0);
    char *text = malloc((size_t)length + 1);
    assert_non_null(text);
    va_start(args, pattern);
    vsnprintf(text, (size_t)length + 1, pattern, args);
    va_end(args);
    return text;
}

/* mkdir -p */
static void make_folders(const char *path)
{
    char *copy = format("%s", path);
    for (char *slash = strchr(copy + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(copy, 0700);
        *slash = '/';
    }
    mkdir(copy, 0700);
    free(copy);
}

char *test_folder(const char *name)
{
    const char *root = getenv("MSDRM_DATA_DIR");
    assert_non_null(root);
    make_folders(root);
    char *folder = format("%s/%s", root, name);
    mkdir(folder, 0700);
    return folder;
}

char *test_read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
    text[size] = '\0';
    fclose(file);
    return text;
}

/* The lockbox entry's key (base64 of the protected DER). */
static EVP_PKEY *open_lockbox(const char *text)
{
    uint8_t *sealed = NULL, *der = NULL;
    size_t sealed_length = 0, der_length = 0;
    assert_int_equal(
        base64_decode_new(text, strlen(text), BASE64_SPARE_BITS_ZERO, &sealed, &sealed_length),
        S_OK);
    assert_int_equal(platform_unprotect_secret(sealed, sealed_length, &der, &der_length), S_OK);
    const unsigned char *cursor = der;
    EVP_PKEY *key = d2i_AutoPrivateKey(NULL, &cursor, (long)der_length);
    assert_non_null(key);
    free(sealed);
    free(der);
    return key;
}

void test_machine_make(struct test_machine *machine, const char *folder)
{
    memset(machine, 0, sizeof *machine);
    mkdir(folder, 0700);
    char *path = format("%s/store.db", folder);
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), S_OK);
    free(path);
    bool already = false;
    assert_int_equal(machine_identity_activate(store, false, &already), S_OK);
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    struct store_filter boxes = {STORE_KIND_MASK(STORE_LOCKBOX), NULL, 0, NULL};
    int64_t *ids = NULL, *box_ids = NULL;
    size_t count = 0, box_count = 0;
    assert_int_equal(store_list(store, &filter, &ids, &count), S_OK);
    assert_int_equal(store_list(store, &boxes, &box_ids, &box_count), S_OK);
    assert_int_equal(count, 2);
    assert_int_equal(box_count, 2);
    for (size_t i = 0; i < 2; i++) {
        struct store_item item;
        assert_int_equal(store_get(store, ids[i], &item), S_OK);
        machine->certificate[i] = item.xrml;
        item.xrml = NULL;
        for (size_t j = 0; j < 2; j++) {
            struct store_item box;
            assert_int_equal(store_get(store, box_ids[j], &box), S_OK);
            if (strcmp(box.license_id, item.license_id) == 0)
                machine->key[i] = open_lockbox(box.xrml);
            store_item_clear(&box);
        }
        assert_non_null(machine->key[i]);
        store_item_clear(&item);
    }
    /* Index 0 is the 1024-bit pair (machine_identity.c). */
    assert_int_equal(EVP_PKEY_get_bits(machine->key[0]), 1024);
    assert_int_equal(EVP_PKEY_get_bits(machine->key[1]), 2048);
    free(ids);
    free(box_ids);
    store_close(store);
}

void test_machine_free(struct test_machine *machine)
{
    for (size_t i = 0; i < 2; i++) {
        free(machine->certificate[i]);
        EVP_PKEY_free(machine->key[i]);
    }
    memset(machine, 0, sizeof *machine);
}

struct server *test_server_open(const char *folder, const char *users_file,
                                const char *const *templates, size_t template_count)
{
    mkdir(folder, 0700);
    struct server_config config = {.data_dir = folder,
                                   .base_url = TEST_BASE_URL,
                                   .users_file = users_file,
                                   .template_files = templates,
                                   .template_count = template_count};
    struct server *server = NULL;
    const char *error = NULL, *detail = NULL;
    HRESULT hr = server_open(&config, &server, &error, &detail);
    if (hr != S_OK)
        fail_msg("server_open: 0x%08lx %s %s", (unsigned long)hr, error ? error : "",
                 detail ? detail : "");
    return server;
}

struct server_response test_post(struct server *server, const char *path, const char *ns,
                                 const char *operation, const char *from, const char *body)
{
    char *action = format("\"%s/%s\"", ns, operation);
    struct server_response response;
    assert_int_equal(
        server_handle_request(server, path, action, from, body, strlen(body), &response), S_OK);
    free(action);
    assert_non_null(response.body);
    return response;
}

char *test_envelope(const char *ns, const char *operation, bool with_versions, const char *minimum,
                    const char *maximum, const char *inner)
{
    char *header =
        with_versions
            ? format("<soap:Header><VersionData xmlns=\"%s\"><MinimumVersion>%s</MinimumVersion>"
                     "<MaximumVersion>%s</MaximumVersion></VersionData></soap:Header>",
                     ns, minimum, maximum)
            : format("%s", "");
    char *text = format("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                        "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
                        " %s\n <soap:Body>\n  <%s xmlns=\"%s\">%s</%s>\n </soap:Body>\n"
                        "</soap:Envelope>\n",
                        header, operation, ns, inner, operation);
    free(header);
    return text;
}

char *test_certificates(const char *const *documents, size_t count)
{
    char *text = format("%s", "");
    for (size_t i = 0; i < count; i++) {
        char *longer = format("%s<Certificate>%s</Certificate>", text, documents[i]);
        free(text);
        text = longer;
    }
    return text;
}

char *test_certify_body(const char *const *chain, size_t count, bool persistent)
{
    char *certificates = test_certificates(chain, count);
    char *inner = format("<requestParams><MachineCertificateChain>%s</MachineCertificateChain>"
                         "<Persistent>%s</Persistent></requestParams>",
                         certificates, persistent ? "true" : "false");
    char *body = test_envelope(NS_CERTIFICATION, "Certify", true, "1.0.0.0", "1.0.0.0", inner);
    free(certificates);
    free(inner);
    return body;
}

size_t test_documents(const char *text, char **documents, size_t capacity)
{
    size_t count = 0;
    for (const char *start = strstr(text, "<XrML"); start != NULL; start = strstr(start, "<XrML")) {
        const char *end = strstr(start, "</XrML>");
        assert_non_null(end);
        end += strlen("</XrML>");
        if (count < capacity) {
            size_t length = (size_t)(end - start);
            documents[count] = malloc(length + 1);
            assert_non_null(documents[count]);
            memcpy(documents[count], start, length);
            documents[count][length] = '\0';
        }
        count++;
        start = end;
    }
    return count;
}

void test_documents_free(char **documents, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(documents[i]);
}

int test_xpath(const struct server_response *response, const char *xpath, char **text)
{
    if (text != NULL)
        *text = NULL;
    xmlDocPtr doc = xmlReadMemory(response->body, (int)response->length, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlXPathContextPtr context = xmlXPathNewContext(doc);
    assert_non_null(context);
    static const char *const prefixes[][2] = {{"soap", "http://schemas.xmlsoap.org/soap/envelope/"},
                                              {"c", NS_CERTIFICATION},
                                              {"p", NS_PUBLISHING},
                                              {"s", NS_SERVER},
                                              {"l", NS_LICENSING},
                                              {"t", NS_TEMPLATES},
                                              {"xsi", "http://www.w3.org/2001/XMLSchema-instance"}};
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        xmlXPathRegisterNs(context, (const xmlChar *)prefixes[i][0],
                           (const xmlChar *)prefixes[i][1]);
    xmlXPathObjectPtr result = xmlXPathEvalExpression((const xmlChar *)xpath, context);
    assert_non_null(result);
    int count = result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;
    if (text != NULL && count > 0) {
        xmlChar *content = xmlNodeGetContent(result->nodesetval->nodeTab[0]);
        *text = format("%s", content != NULL ? (const char *)content : "");
        xmlFree(content);
    }
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    xmlFreeDoc(doc);
    return count;
}

char *test_fault_name(const struct server_response *response)
{
    char *string = NULL;
    if (test_xpath(response, "/soap:Envelope/soap:Body/soap:Fault/faultstring", &string) != 1)
        return NULL;
    string[strcspn(string, ": ")] = '\0';
    return string;
}

void assert_fault(const struct server_response *response, const char *exception)
{
    char *name = test_fault_name(response);
    if (name == NULL || strcmp(name, exception) != 0)
        fail_msg("expected fault %s, got HTTP %d: %.*s", exception, response->status,
                 (int)(response->length > 2000 ? 2000 : response->length), response->body);
    assert_int_equal(response->status, 500);
    char *code = NULL;
    assert_int_equal(test_xpath(response, "/soap:Envelope/soap:Body/soap:Fault/faultcode", &code),
                     1);
    assert_non_null(strstr(code, "Server"));
    free(code);
    free(name);
}
