/*
 * openmsdrm - the MS-RMPR calls (see rmpr_client.h): write the request,
 * POST it over the current transport, judge the status, read the reply.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/http_transport.h"
#include "net/soap.h"
#include "util/hresult_names.h"
#include "util/trace.h"
#include "msdrmerror.h"

static bool ends_with_asmx(const char *url, size_t length)
{
    static const char suffix[] = ".asmx";
    if (length < 5)
        return false;
    for (size_t i = 0; i < 5; i++) {
        char c = url[length - 5 + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

HRESULT rmpr_call_url(const char *service_url, enum rmpr_operation operation, char **url)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    if (service_url == NULL || info == NULL)
        return E_INVALIDARG;
    size_t length = strlen(service_url);
    while (length > 0 && service_url[length - 1] == '/')
        length--;
    if (length == 0)
        return E_INVALIDARG;
    bool as_given = ends_with_asmx(service_url, length);
    size_t file_length = as_given ? 0 : 1 + strlen(info->file);
    char *result = malloc(length + file_length + 1);
    if (result == NULL)
        return E_OUTOFMEMORY;
    memcpy(result, service_url, length);
    if (!as_given) {
        result[length] = '/';
        memcpy(result + length + 1, info->file, file_length - 1);
    }
    result[length + file_length] = '\0';
    *url = result;
    return S_OK;
}

/* One trace line for a failed call: where, what came back, what it
 * became, so that a rejected user does not look like a missing server. */
static void trace_failure(const char *url, const struct http_response *response, HRESULT hr)
{
    if (!trace_enabled())
        return;
    char fault[128] = "";
    struct soap_message message;
    if (response != NULL && response->status != 200 && response->body != NULL &&
        SUCCEEDED(soap_read(response->body, response->length, &message))) {
        if (message.is_fault && message.fault.exception != NULL)
            snprintf(fault, sizeof fault, ", fault %.100s", message.fault.exception);
        soap_message_clear(&message);
    }
    const char *name = hresult_name(hr);
    char line[768];
    if (response == NULL)
        snprintf(line, sizeof line, "MS-RMPR call to %.500s: no reply, 0x%08lx %s", url,
                 (unsigned long)(uint32_t)hr, name != NULL ? name : "");
    else
        snprintf(line, sizeof line, "MS-RMPR call to %.500s: HTTP %ld%s, 0x%08lx %s", url,
                 response->status, fault, (unsigned long)(uint32_t)hr, name != NULL ? name : "");
    trace_note(line);
}

/* What a reply that is not a 200 means (rmpr_client.h). */
static HRESULT judge_status(const struct http_response *response)
{
    if (response->status == 401)
        return E_DRM_AUTHENTICATION_FAILED;
    if (response->status == 403)
        return E_DRM_REQUEST_DENIED;
    if (response->status == 404)
        return E_DRM_SERVER_NOT_FOUND;
    /* ASMX sends faults with 500: the fault's name says more. */
    struct soap_message message;
    if (SUCCEEDED(soap_read(response->body, response->length, &message))) {
        bool fault = message.is_fault;
        HRESULT hr = rmpr_fault_hresult(message.fault.exception);
        soap_message_clear(&message);
        if (fault)
            return hr;
    }
    return E_DRM_SERVER_ERROR;
}

/*
 * POSTs `body` as `operation`'s request; on S_OK *response holds a 200
 * reply of at most RMPR_MAX_REPLY bytes. Takes `body` (frees it).
 */
static HRESULT post(const struct rmpr_call_options *options, enum rmpr_operation operation,
                    char *body, size_t length, struct http_response *response)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    char *url = NULL;
    HRESULT hr = rmpr_call_url(options->service_url, operation, &url);
    if (FAILED(hr)) {
        free(body);
        return hr;
    }
    struct http_request request = {0};
    request.url = url;
    request.content_type = SOAP_CONTENT_TYPE;
    request.soap_action = info->soap_action;
    request.from = options->from;
    request.body = body;
    request.body_length = length;
    request.connect_timeout_ms = options->timeout_ms;
    request.total_timeout_ms = options->timeout_ms;
    request.max_response = RMPR_MAX_REPLY;
    memset(response, 0, sizeof *response);
    hr = http_transport_post(&request, response);
    free(body);
    if (FAILED(hr)) {
        trace_failure(url, NULL, hr);
        free(url);
        memset(response, 0, sizeof *response);
        return hr;
    }
    /* A transport that let a longer body through is not trusted with it. */
    if (response->length > RMPR_MAX_REPLY)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    else if (response->status != 200)
        hr = judge_status(response);
    else if (response->body == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    if (FAILED(hr)) {
        trace_failure(url, response, hr);
        http_response_clear(response);
    }
    free(url);
    return hr;
}

static bool options_valid(const struct rmpr_call_options *options)
{
    return options != NULL && options->service_url != NULL;
}

HRESULT rmpr_certify(const struct rmpr_call_options *options,
                     const struct rmpr_documents *machine_chain, bool persistent,
                     struct rmpr_documents *rac_chain)
{
    if (!options_valid(options) || machine_chain == NULL || rac_chain == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_certify_request(machine_chain, persistent, &body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_CERTIFY, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_certify_response(response.body, response.length, rac_chain);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_get_client_licensor_cert(const struct rmpr_call_options *options,
                                      const struct rmpr_documents *rac_chain,
                                      struct rmpr_documents *clc_chain)
{
    if (!options_valid(options) || rac_chain == NULL || clc_chain == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_get_client_licensor_cert_request(rac_chain, &body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_GET_CLIENT_LICENSOR_CERT, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_get_client_licensor_cert_response(response.body, response.length, clc_chain);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_get_licensor_certificate(const struct rmpr_call_options *options,
                                      struct rmpr_documents *slc_chain)
{
    if (!options_valid(options) || slc_chain == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_get_licensor_certificate_request(&body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_GET_LICENSOR_CERTIFICATE, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_get_licensor_certificate_response(response.body, response.length, slc_chain);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_find_service_locations(const struct rmpr_call_options *options,
                                    const char *const *types, size_t count, char **urls)
{
    if (!options_valid(options) || types == NULL || count == 0 || urls == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_find_service_locations_request(types, count, &body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_FIND_SERVICE_LOCATIONS, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_find_service_locations_response(response.body, response.length, types, count,
                                                   urls);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_get_server_info(const struct rmpr_call_options *options, struct rmpr_server_info *info)
{
    if (!options_valid(options) || info == NULL)
        return E_INVALIDARG;
    static const char *const types[] = {RMPR_INFO_VERSION, RMPR_INFO_LICENSOR_CERTIFICATE,
                                        RMPR_INFO_SERVICE_LOCATIONS};
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_get_server_info_request(types, 3, &body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_GET_SERVER_INFO, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_get_server_info_response(response.body, response.length, info);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_acquire_template_information(const struct rmpr_call_options *options,
                                          struct rmpr_template_information *information)
{
    if (!options_valid(options) || information == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_acquire_template_information_request(&body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_ACQUIRE_TEMPLATE_INFORMATION, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_acquire_template_information_response(response.body, response.length,
                                                         information);
    http_response_clear(&response);
    return hr;
}

HRESULT rmpr_acquire_templates(const struct rmpr_call_options *options, const char *const *guids,
                               size_t count, struct rmpr_template *templates)
{
    if (!options_valid(options) || guids == NULL || count == 0 ||
        count > RMPR_MAX_TEMPLATES_PER_CALL || templates == NULL)
        return E_INVALIDARG;
    char *body;
    size_t length;
    HRESULT hr = rmpr_write_acquire_templates_request(guids, count, &body, &length);
    struct http_response response;
    if (SUCCEEDED(hr))
        hr = post(options, RMPR_ACQUIRE_TEMPLATES, body, length, &response);
    if (FAILED(hr))
        return hr;
    hr = rmpr_read_acquire_templates_response(response.body, response.length, guids, count,
                                              templates);
    http_response_clear(&response);
    return hr;
}
