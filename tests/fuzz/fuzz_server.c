/*
 * libFuzzer target: msdrm-server's request handler (server_handle_request)
 * on arbitrary requests. An input is three bytes that choose the path,
 * the SOAPAction and the From header among the real ones and a few
 * hostile ones, then the body. In the body, <Certificate>MACHINE</Certificate>
 * stands for a machine certificate our DLL made and <Certificate>RAC</Certificate>
 * for a RAC this server issued, so that the fuzzer reaches the paths
 * that sign, not only those that refuse.
 *
 * Every answer must be one of the documented statuses, and an XML answer
 * a SOAP message: a fault for 400 and 500, no fault for 200.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir, setenv */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client/machine_identity.h"
#include "net/rmpr_messages.h"
#include "net/soap.h"
#include "server/server.h"
#include "store/license_store.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/fuzz/CMakeLists.txt"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const paths[] = {
    "/_wmcs/certification/certification.asmx",
    "/_wmcs/licensing/publish.asmx",
    "/_wmcs/certification/server.asmx",
    "/_wmcs/licensing/server.asmx",
    "/_wmcs/certification/ServiceLocator.asmx",
    "/_wmcs/licensing/ServiceLocator.asmx",
    "/_wmcs/licensing/templateDistribution.asmx",
    "/_wmcs/licensing/license.asmx",
    "/_wmcs/../etc/passwd",
    "/",
};
#define PATHS (sizeof paths / sizeof paths[0])

static const char *const froms[] = {"fuzz@openmsdrm.test", NULL, "not an address"};
#define FROMS (sizeof froms / sizeof froms[0])

#define ACTIONS (RMPR_OPERATION_COUNT + 2) /* every operation's, none, garbage */

static struct server *server;
static char *machine_certificate, *rac;
static char actions[RMPR_OPERATION_COUNT][256];

static void make_folder(const char *path)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    for (char *slash = strchr(copy + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(copy, 0700);
        *slash = '/';
    }
    mkdir(copy, 0700);
}

/* A machine certificate as our DLL makes it (the real code). */
static char *make_machine(const char *folder)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/store.db", folder);
    struct license_store *store = NULL;
    bool already = false;
    if (store_open(path, &store) != S_OK ||
        machine_identity_activate(store, false, &already) != S_OK)
        abort();
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_item item;
    if (store_list(store, &filter, &ids, &count) != S_OK || count == 0 ||
        store_get(store, ids[0], &item) != S_OK)
        abort();
    char *certificate = item.xrml;
    item.xrml = NULL;
    store_item_clear(&item);
    free(ids);
    store_close(store);
    return certificate;
}

/* A RAC of this server, from a Certify with the machine certificate. */
static char *make_rac(void)
{
    char *texts[1] = {machine_certificate};
    size_t lengths[1] = {strlen(machine_certificate)};
    struct rmpr_documents chain = {1, texts, lengths};
    char *body = NULL;
    size_t length = 0;
    struct server_response response;
    if (rmpr_write_certify_request(&chain, true, &body, &length) != S_OK ||
        server_handle_request(server, paths[0], actions[RMPR_CERTIFY], froms[0], body, length,
                              &response) != S_OK ||
        response.status != 200)
        abort();
    free(body);
    struct rmpr_documents rac_chain = {0};
    if (rmpr_read_certify_response(response.body, response.length, &rac_chain) != S_OK)
        abort();
    char *text = malloc(rac_chain.lengths[0] + 1);
    memcpy(text, rac_chain.texts[0], rac_chain.lengths[0] + 1);
    rmpr_documents_clear(&rac_chain);
    server_response_clear(&response);
    return text;
}

static void start(void)
{
    const char *root = getenv("MSDRM_DATA_DIR");
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/fuzz_server", root != NULL ? root : "/tmp/msdrm-fuzz");
    make_folder(folder);
    if (root == NULL)
        setenv("MSDRM_DATA_DIR", folder, 1); /* the machine's user lock lives there */
    for (int op = 0; op < RMPR_OPERATION_COUNT; op++)
        snprintf(actions[op], sizeof actions[op], "\"%s\"",
                 rmpr_operation_info((enum rmpr_operation)op)->soap_action);
    machine_certificate = make_machine(folder);
    const char *templates[] = {MSDRM_SPEC_EXAMPLES "/sdk-sample-template.xml"};
    struct server_config config = {.data_dir = folder,
                                   .base_url = "http://127.0.0.1:1/_wmcs",
                                   .template_files = templates,
                                   .template_count = 1};
    if (server_open(&config, &server, NULL, NULL) != S_OK)
        abort();
    rac = make_rac();
}

/* The body with the markers replaced (heap), *length its size. */
static char *expand(const char *body, size_t size, size_t *length)
{
    static const char machine_marker[] = "<Certificate>MACHINE</Certificate>";
    static const char rac_marker[] = "<Certificate>RAC</Certificate>";
    size_t machine_length = strlen(machine_certificate), rac_length = strlen(rac);
    size_t room = size + 1;
    for (size_t i = 0; i < size; i++)
        if (body[i] == '<')
            room += machine_length + rac_length + 64;
    char *out = malloc(room);
    size_t at = 0;
    for (size_t i = 0; i < size;) {
        if (size - i >= sizeof machine_marker - 1 &&
            memcmp(body + i, machine_marker, sizeof machine_marker - 1) == 0) {
            at += (size_t)sprintf(out + at, "<Certificate>%s</Certificate>", machine_certificate);
            i += sizeof machine_marker - 1;
        } else if (size - i >= sizeof rac_marker - 1 &&
                   memcmp(body + i, rac_marker, sizeof rac_marker - 1) == 0) {
            at += (size_t)sprintf(out + at, "<Certificate>%s</Certificate>", rac);
            i += sizeof rac_marker - 1;
        } else {
            out[at++] = body[i++];
        }
    }
    out[at] = '\0';
    *length = at;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (server == NULL)
        start();
    if (size < 3)
        return 0;
    const char *path = paths[data[0] % PATHS];
    unsigned action_index = data[1] % ACTIONS;
    const char *action = action_index < RMPR_OPERATION_COUNT    ? actions[action_index]
                         : action_index == RMPR_OPERATION_COUNT ? NULL
                                                                : "\"x\"";
    const char *from = froms[data[2] % FROMS];
    size_t length = 0;
    char *body = expand((const char *)data + 3, size - 3, &length);

    struct server_response response;
    if (server_handle_request(server, path, action, from, body, length, &response) != S_OK) {
        free(body);
        return 0; /* out of memory: nothing to answer */
    }
    int status = response.status;
    if (response.body == NULL ||
        (status != 200 && status != 400 && status != 404 && status != 413 && status != 500))
        abort();
    if (strncmp(response.content_type, "text/xml", 8) == 0) {
        struct soap_message message;
        if (soap_read(response.body, response.length, &message) != S_OK)
            abort();
        if (message.is_fault != (status != 200) ||
            (status != 200 && status != 400 && status != 500))
            abort();
        soap_message_clear(&message);
    } else if (status == 200 || status == 500) {
        abort(); /* operations always answer in SOAP */
    }
    server_response_clear(&response);
    free(body);
    return 0;
}
