/*
 * libFuzzer target: the SOAP reader (src/net/soap.h) and every MS-RMPR
 * message reader on arbitrary bytes (src/net/rmpr_messages.h): the
 * client's response readers, the server's request readers, and a Certify
 * call whose reply is the input (over the scripted transport). Whatever
 * comes back must hold: each XrML document is a span of the input (read
 * literally, never re-serialised), and a chain written again by the
 * matching writer reads back the same.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/rmpr_client.h"
#include "net/rmpr_messages.h"
#include "net/soap.h"
#include "scripted_transport.h"
#include "msdrmerror.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool is_span_of(const char *input, size_t size, const char *text, size_t length)
{
    if (length == 0 || length > size)
        return false;
    for (size_t at = 0; at + length <= size; at++) {
        if (memcmp(input + at, text, length) == 0)
            return true;
    }
    return false;
}

static void check_chain(const char *input, size_t size, const struct rmpr_documents *chain)
{
    for (size_t i = 0; i < chain->count; i++) {
        if (!is_span_of(input, size, chain->texts[i], chain->lengths[i]) ||
            strncmp(chain->texts[i], "<XrML", 5) != 0 || chain->texts[i][chain->lengths[i]] != 0)
            abort();
    }
    /* Written again and read back: the same documents (an empty chain
     * is no Certify answer). */
    if (chain->count == 0)
        return;
    char *text;
    size_t length;
    if (rmpr_write_certify_response(chain, &text, &length) != S_OK)
        return; /* a document the writer's scanner refuses */
    struct rmpr_documents again = {0};
    if (rmpr_read_certify_response(text, length, &again) != S_OK ||
        again.count != chain->count)
        abort();
    for (size_t i = 0; i < chain->count; i++) {
        if (again.lengths[i] != chain->lengths[i] ||
            memcmp(again.texts[i], chain->texts[i], chain->lengths[i]) != 0)
            abort();
    }
    rmpr_documents_clear(&again);
    free(text);
}

static void read_responses(const char *input, size_t size)
{
    struct rmpr_documents chain = {0};
    if (rmpr_read_certify_response(input, size, &chain) == S_OK)
        check_chain(input, size, &chain);
    rmpr_documents_clear(&chain);
    if (rmpr_read_get_client_licensor_cert_response(input, size, &chain) == S_OK)
        check_chain(input, size, &chain);
    rmpr_documents_clear(&chain);
    if (rmpr_read_get_licensor_certificate_response(input, size, &chain) == S_OK)
        check_chain(input, size, &chain);
    rmpr_documents_clear(&chain);

    static const char *const types[] = {"LicensingService", "CertificationService",
                                        "LicensingInternalService"};
    char *urls[3] = {NULL, NULL, NULL};
    if (rmpr_read_find_service_locations_response(input, size, types, 3, urls) == S_OK) {
        for (int i = 0; i < 3; i++)
            free(urls[i]);
    }
    struct rmpr_server_info info = {0};
    if (rmpr_read_get_server_info_response(input, size, &info) == S_OK)
        check_chain(input, size, &info.licensor_chain);
    rmpr_server_info_clear(&info);
    struct rmpr_template_information information = {0};
    (void)rmpr_read_acquire_template_information_response(input, size, &information);
    rmpr_template_information_clear(&information);
    static const char *const guids[] = {"{00000000-0000-0000-0000-000000000000}", "{g}"};
    struct rmpr_template templates[2];
    if (rmpr_read_acquire_templates_response(input, size, guids, 2, templates) == S_OK) {
        rmpr_template_clear(&templates[0]);
        rmpr_template_clear(&templates[1]);
    }
}

static void read_requests(const char *input, size_t size)
{
    struct rmpr_version_data versions;
    enum rmpr_fault fault;
    struct rmpr_documents chain = {0}, second = {0};
    bool persistent;
    if (rmpr_read_certify_request(input, size, &versions, &chain, &persistent) == S_OK) {
        check_chain(input, size, &chain);
        (void)rmpr_check_versions(&versions, &fault);
    }
    rmpr_documents_clear(&chain);
    if (rmpr_read_get_client_licensor_cert_request(input, size, &versions, &chain) == S_OK)
        check_chain(input, size, &chain);
    rmpr_documents_clear(&chain);
    if (rmpr_read_get_licensor_certificate_request(input, size, &versions) == S_OK)
        (void)rmpr_check_versions(&versions, &fault);
    struct rmpr_strings strings = {0};
    (void)rmpr_read_find_service_locations_request(input, size, &versions, &strings);
    rmpr_strings_clear(&strings);
    (void)rmpr_read_get_server_info_request(input, size, &strings);
    rmpr_strings_clear(&strings);
    (void)rmpr_read_acquire_template_information_request(input, size, &versions);
    (void)rmpr_read_acquire_templates_request(input, size, &versions, &strings);
    rmpr_strings_clear(&strings);
    if (rmpr_read_acquire_issuance_license_request(input, size, &versions, &chain) == S_OK)
        check_chain(input, size, &chain);
    rmpr_documents_clear(&chain);
    if (rmpr_read_acquire_license_request(input, size, &versions, &chain, &second) == S_OK) {
        check_chain(input, size, &chain);
        check_chain(input, size, &second);
    }
    rmpr_documents_clear(&chain);
    rmpr_documents_clear(&second);
}

/* The client's whole path: the input as a 200 and as a 500 reply. */
static void call_with_reply(const char *input, size_t size)
{
    static const char machine[] = "<XrML xmlns=\"\" version=\"1.2\"><BODY type=\"x\" /></XrML>";
    struct rmpr_documents machine_chain = {0};
    if (rmpr_documents_append(&machine_chain, machine, sizeof machine - 1) != S_OK)
        return;
    for (int i = 0; i < 2; i++) {
        struct scripted_reply reply = {.status = i == 0 ? 200 : 500, .body = input,
                                       .length = size};
        struct scripted_transport *script = scripted_transport_new(&reply, size > 0 ? 1 : 0);
        if (script == NULL)
            break;
        scripted_transport_install(script);
        static const struct rmpr_call_options options = {"http://127.0.0.1/_wmcs/certification",
                                                         "fuzz@example.com", 1000};
        struct rmpr_documents rac = {0};
        HRESULT hr = rmpr_certify(&options, &machine_chain, true, &rac);
        if (hr == S_OK)
            check_chain(input, size, &rac);
        else if (rac.count != 0)
            abort();
        rmpr_documents_clear(&rac);
        scripted_transport_free(script);
    }
    rmpr_documents_clear(&machine_chain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Readers take a length, but real replies end with a NUL: so do ours. */
    char *input = malloc(size + 1);
    if (input == NULL)
        return 0;
    memcpy(input, data, size);
    input[size] = '\0';

    struct soap_message message;
    if (soap_read(input, size, &message) == S_OK) {
        if (message.body == NULL || (message.is_fault && message.body_namespace != NULL))
            abort();
        soap_message_clear(&message);
    }
    read_responses(input, size);
    read_requests(input, size);
    call_with_reply(input, size);
    free(input);
    return 0;
}
