/*
 * openmsdrm - server_handle_request (see server.h): the path and the
 * SOAPAction name the operation (spec/rmpr.md §3, §2.3), its request is
 * read with the one reader net/rmpr_messages.h has for it, VersionData
 * judged (§2.4), the operation run and its response written with the one
 * writer. Nothing a request says opens a file: paths are only compared
 * with the table of net/rmpr_messages.h.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/wstring.h"
#include "msdrmerror.h"

#define TEXT_PLAIN "text/plain; charset=utf-8"
#define TEXT_XML "text/xml; charset=utf-8"

/* Longest path compared with the table (theirs are under 64 bytes). */
#define MAX_PATH_COMPARED 256

void server_response_clear(struct server_response *response)
{
    free(response->body);
    memset(response, 0, sizeof *response);
}

static HRESULT plain(struct server_response *response, int status, const char *text)
{
    response->status = status;
    response->content_type = TEXT_PLAIN;
    response->body = str_copy(text);
    response->length = response->body != NULL ? strlen(text) : 0;
    return response->body != NULL ? S_OK : E_OUTOFMEMORY;
}

static HRESULT fault(struct server_response *response, int status, enum rmpr_fault name,
                     const char *text)
{
    response->status = status;
    response->content_type = TEXT_XML;
    return rmpr_write_fault(name, text, &response->body, &response->length);
}

HRESULT server_deliver(struct server *server, const struct server_issued *issued, char **document,
                       struct server_outcome *outcome)
{
    HRESULT hr = server_store_log_issued(server->store, issued);
    if (SUCCEEDED(hr)) {
        outcome->document = *document;
        *document = NULL;
    }
    return hr;
}

/* A request the operation's reader refused, or an argument missing. */
static HRESULT refused(struct server_response *response, HRESULT read)
{
    if (read == E_OUTOFMEMORY)
        return read;
    if (read == E_INVALIDARG)
        return fault(response, 500, RMPR_FAULT_ARGUMENT_NULL, "a required argument is missing");
    return fault(response, 400, RMPR_FAULT_UNSPECIFIED_ERROR,
                 "the body is not a SOAP request of this operation");
}

/* S_FALSE when the versions are refused, with the fault in *response. */
static HRESULT judge_versions(const struct rmpr_version_data *versions,
                              struct server_response *response)
{
    enum rmpr_fault name;
    if (rmpr_check_versions(versions, &name))
        return S_OK;
    HRESULT hr = fault(response, 500, name, "the request's VersionData is not accepted");
    return FAILED(hr) ? hr : S_FALSE;
}

/* The response for an operation's outcome: its document and the
 * server's chain, or its fault. */
typedef HRESULT (*chain_writer)(const struct rmpr_documents *chain, char **text, size_t *length);

static HRESULT answer(struct server *server, HRESULT hr, struct server_outcome *outcome,
                      chain_writer write, struct server_response *response)
{
    if (SUCCEEDED(hr) && outcome->faulted)
        hr = fault(response, 500, outcome->fault, outcome->message);
    else if (SUCCEEDED(hr)) {
        char *texts[3] = {outcome->document, server->identity.slc->text,
                          server->identity.root->text};
        size_t lengths[3] = {strlen(outcome->document), server->identity.slc->length,
                             server->identity.root->length};
        struct rmpr_documents chain = {3, texts, lengths};
        response->status = 200;
        response->content_type = TEXT_XML;
        hr = write(&chain, &response->body, &response->length);
    } else if (hr != E_OUTOFMEMORY) {
        hr = fault(response, 500, RMPR_FAULT_UNSPECIFIED_ERROR, "the server failed");
    }
    free(outcome->document);
    return hr;
}

static HRESULT certify(struct server *server, const char *from, const char *body, size_t length,
                       struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_documents machine_chain = {0};
    bool persistent = false;
    HRESULT hr = rmpr_read_certify_request(body, length, &versions, &machine_chain, &persistent);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr == S_OK) {
        struct server_outcome outcome;
        hr = server_certify(server, from, &machine_chain, persistent, &outcome);
        hr = answer(server, hr, &outcome, rmpr_write_certify_response, response);
    }
    rmpr_documents_clear(&machine_chain);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT get_client_licensor_cert(struct server *server, const char *body, size_t length,
                                        struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_documents rac_chain = {0};
    HRESULT hr = rmpr_read_get_client_licensor_cert_request(body, length, &versions, &rac_chain);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr == S_OK) {
        struct server_outcome outcome;
        hr = server_issue_client_licensor(server, &rac_chain, &outcome);
        hr = answer(server, hr, &outcome, rmpr_write_get_client_licensor_cert_response, response);
    }
    rmpr_documents_clear(&rac_chain);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT get_licensor_certificate(struct server *server, const char *body, size_t length,
                                        struct server_response *response)
{
    struct rmpr_version_data versions;
    HRESULT hr = rmpr_read_get_licensor_certificate_request(body, length, &versions);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr != S_OK)
        return FAILED(hr) ? hr : S_OK;
    char *texts[2] = {server->identity.slc->text, server->identity.root->text};
    size_t lengths[2] = {server->identity.slc->length, server->identity.root->length};
    struct rmpr_documents chain = {2, texts, lengths};
    response->status = 200;
    response->content_type = TEXT_XML;
    return rmpr_write_get_licensor_certificate_response(&chain, &response->body, &response->length);
}

/*
 * Where a service type is (spec/rmpr.md §4 step 4): the certification
 * and licensing services here, intranet and extranet alike; NULL for the
 * valid types this server does not offer; false for a type that is none.
 */
static bool service_url(struct server *server, const char *type, const char **url)
{
    static const char *const absent[] = {"EnrollmentService",          "ActivationService",
                                         "PrecertificationService",    "ServerService",
                                         "DrmRemoteDirectoryServices", "GroupExpansionService"};
    *url = NULL;
    if (strcmp(type, "CertificationService") == 0 ||
        strcmp(type, "CertificationInternalService") == 0) {
        *url = server->certification_url;
        return true;
    }
    if (strcmp(type, "LicensingService") == 0 || strcmp(type, "LicensingInternalService") == 0 ||
        strcmp(type, "PublishingService") == 0) {
        *url = server->licensing_url;
        return true;
    }
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        if (strcmp(type, absent[i]) == 0)
            return true;
    return false;
}

static HRESULT find_service_locations(struct server *server, const char *body, size_t length,
                                      struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_strings types = {0};
    HRESULT hr = rmpr_read_find_service_locations_request(body, length, &versions, &types);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    const char **urls = hr == S_OK ? calloc(types.count, sizeof *urls) : NULL;
    if (hr == S_OK && urls == NULL)
        hr = E_OUTOFMEMORY;
    bool valid = true;
    for (size_t i = 0; hr == S_OK && valid && i < types.count; i++)
        valid = service_url(server, types.items[i], &urls[i]);
    if (hr == S_OK && !valid) {
        hr = fault(response, 500, RMPR_FAULT_INVALID_OPERATION, "unknown service type");
    } else if (hr == S_OK) {
        response->status = 200;
        response->content_type = TEXT_XML;
        hr = rmpr_write_find_service_locations_response((const char *const *)types.items, urls,
                                                        types.count, &response->body,
                                                        &response->length);
    }
    free(urls);
    rmpr_strings_clear(&types);
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT get_server_info(struct server *server, const char *body, size_t length,
                               struct server_response *response)
{
    struct rmpr_strings types = {0};
    HRESULT hr = rmpr_read_get_server_info_request(body, length, &types);
    if (FAILED(hr))
        return refused(response, hr);
    char *texts[2] = {server->identity.slc->text, server->identity.root->text};
    size_t lengths[2] = {server->identity.slc->length, server->identity.root->length};
    char empty[] = "";
    struct rmpr_service_location locations[] = {
        {"LicensingService", server->licensing_url},
        {"PublishingService", server->licensing_url},
        {"CertificationService", server->certification_url},
        {"PrecertificationService", empty},
        {"ServerService", empty},
    };
    char version[] = SERVER_VERSION;
    char location_types[5][32];
    for (size_t i = 0; i < 5; i++) {
        snprintf(location_types[i], sizeof location_types[i], "%s", locations[i].type);
        locations[i].type = location_types[i];
    }
    struct rmpr_server_info info = {.version = version,
                                    .licensor_chain = {2, texts, lengths},
                                    .location_count = 5,
                                    .locations = locations};
    response->status = 200;
    response->content_type = TEXT_XML;
    hr = rmpr_write_get_server_info_response(&types, &info, &response->body, &response->length);
    rmpr_strings_clear(&types);
    return hr;
}

static HRESULT acquire_template_information(struct server *server, const char *body, size_t length,
                                            struct server_response *response)
{
    struct rmpr_version_data versions;
    HRESULT hr = rmpr_read_acquire_template_information_request(body, length, &versions);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr != S_OK)
        return FAILED(hr) ? hr : S_OK;
    size_t count = server->templates->count;
    struct rmpr_guid_hash *list = calloc(count > 0 ? count : 1, sizeof *list);
    if (list == NULL)
        return E_OUTOFMEMORY;
    for (size_t i = 0; i < count; i++)
        list[i] = (struct rmpr_guid_hash){server->templates->items[i].guid,
                                          server->templates->items[i].hash};
    struct rmpr_template_information info = {server->slc_public_key, count, list};
    response->status = 200;
    response->content_type = TEXT_XML;
    hr =
        rmpr_write_acquire_template_information_response(&info, &response->body, &response->length);
    free(list);
    return hr;
}

static HRESULT acquire_templates(struct server *server, const char *body, size_t length,
                                 struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_strings guids = {0};
    HRESULT hr = rmpr_read_acquire_templates_request(body, length, &versions, &guids);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    struct rmpr_template *found = NULL;
    if (hr == S_OK && guids.count > RMPR_MAX_TEMPLATES_PER_CALL) {
        hr = fault(response, 500, RMPR_FAULT_UNSPECIFIED_ERROR, "more than 25 GUIDs in one call");
    } else if (hr == S_OK) {
        found = calloc(guids.count > 0 ? guids.count : 1, sizeof *found);
        hr = found == NULL ? E_OUTOFMEMORY : S_OK;
    }
    for (size_t i = 0; found != NULL && i < guids.count; i++) {
        const struct server_template *t = server_templates_find(server->templates, guids.items[i]);
        found[i] = (struct rmpr_template){.guid = guids.items[i]};
        if (t != NULL)
            found[i] = (struct rmpr_template){t->guid, t->hash, t->text, strlen(t->text)};
    }
    if (found != NULL) {
        response->status = 200;
        response->content_type = TEXT_XML;
        hr = rmpr_write_acquire_templates_response(found, guids.count, &response->body,
                                                   &response->length);
    }
    free(found);
    rmpr_strings_clear(&guids);
    return FAILED(hr) ? hr : S_OK;
}

/* Publishing and consumption come with their own issues: until then the
 * requests are read (a malformed one is still a 400) and faulted. */
static HRESULT acquire_issuance_license(const char *body, size_t length,
                                        struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_documents unsigned_license = {0};
    HRESULT hr =
        rmpr_read_acquire_issuance_license_request(body, length, &versions, &unsigned_license);
    rmpr_documents_clear(&unsigned_license);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr == S_OK)
        hr = fault(response, 500, RMPR_FAULT_ONLINE_PUBLISHING_DISABLED,
                   "this test server does not publish online yet");
    return FAILED(hr) ? hr : S_OK;
}

static HRESULT acquire_license(const char *body, size_t length, struct server_response *response)
{
    struct rmpr_version_data versions;
    struct rmpr_documents licensee = {0}, issuance_license = {0};
    HRESULT hr =
        rmpr_read_acquire_license_request(body, length, &versions, &licensee, &issuance_license);
    rmpr_documents_clear(&licensee);
    rmpr_documents_clear(&issuance_license);
    if (FAILED(hr))
        return refused(response, hr);
    hr = judge_versions(&versions, response);
    if (hr == S_OK)
        hr = fault(response, 500, RMPR_FAULT_UNSPECIFIED_ERROR,
                   "this test server does not issue use licenses yet");
    return FAILED(hr) ? hr : S_OK;
}

/* What follows SERVER_BASE_PATH "/" in `path`, without a query string,
 * into `relative`; false when the path is not below it. */
static bool relative_path(const char *path, char relative[MAX_PATH_COMPARED])
{
    static const char base[] = SERVER_BASE_PATH "/";
    if (path == NULL || strncmp(path, base, sizeof base - 1) != 0)
        return false;
    path += sizeof base - 1;
    size_t length = strcspn(path, "?#");
    if (length == 0 || length >= MAX_PATH_COMPARED)
        return false;
    memcpy(relative, path, length);
    relative[length] = '\0';
    return true;
}

static HRESULT dispatch(struct server *server, enum rmpr_operation operation, const char *from,
                        const char *body, size_t length, struct server_response *response)
{
    switch (operation) {
    case RMPR_CERTIFY:
        return certify(server, from, body, length, response);
    case RMPR_GET_CLIENT_LICENSOR_CERT:
        return get_client_licensor_cert(server, body, length, response);
    case RMPR_GET_LICENSOR_CERTIFICATE:
        return get_licensor_certificate(server, body, length, response);
    case RMPR_FIND_SERVICE_LOCATIONS:
        return find_service_locations(server, body, length, response);
    case RMPR_GET_SERVER_INFO:
        return get_server_info(server, body, length, response);
    case RMPR_ACQUIRE_TEMPLATE_INFORMATION:
        return acquire_template_information(server, body, length, response);
    case RMPR_ACQUIRE_TEMPLATES:
        return acquire_templates(server, body, length, response);
    case RMPR_ACQUIRE_ISSUANCE_LICENSE:
        return acquire_issuance_license(body, length, response);
    case RMPR_ACQUIRE_LICENSE:
        return acquire_license(body, length, response);
    default:
        return plain(response, 404, "not found\n");
    }
}

HRESULT server_handle_request(struct server *server, const char *path, const char *soap_action,
                              const char *from, const char *body, size_t length,
                              struct server_response *response)
{
    memset(response, 0, sizeof *response);
    if (length > SERVER_MAX_BODY)
        return plain(response, 413, "request body too large\n");
    char relative[MAX_PATH_COMPARED];
    bool served = false;
    for (int op = 0; relative_path(path, relative) && !served && op < RMPR_OPERATION_COUNT; op++)
        served = rmpr_operation_at_path((enum rmpr_operation)op, relative);
    if (!served)
        return plain(response, 404, "not found\n");
    enum rmpr_operation operation;
    if (soap_action == NULL || !rmpr_operation_for_action(soap_action, &operation) ||
        !rmpr_operation_at_path(operation, relative))
        return fault(response, 400, RMPR_FAULT_UNSPECIFIED_ERROR,
                     "the SOAPAction names no operation served at this path");
    HRESULT hr = dispatch(server, operation, from, body != NULL ? body : "", length, response);
    if (FAILED(hr))
        server_response_clear(response);
    return hr;
}
