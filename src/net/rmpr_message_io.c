/*
 * openmsdrm - what every MS-RMPR message shares (see rmpr_message_io.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_message_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "util/trace.h"
#include "msdrmerror.h"

static const struct soap_version_range client_versions = {SOAP_DEFAULT_VERSION,
                                                          SOAP_DEFAULT_VERSION};
static const struct soap_version_range server_versions = {RMPR_SERVER_MINIMUM_VERSION,
                                                          RMPR_SERVER_MAXIMUM_VERSION};

void rmpr_message_begin(struct xml_text *xml, enum rmpr_operation operation, bool response)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    const struct soap_version_range *versions = NULL;
    if (info->version_data)
        versions = response ? &server_versions : &client_versions;
    soap_begin(xml, info->ns, versions);
    xml_open(xml, info->name);
    if (response)
        xml_raw(xml, "Response");
    xml_attribute(xml, "xmlns", info->ns);
    xml_open_end(xml);
}

HRESULT rmpr_message_end(struct xml_text *xml, enum rmpr_operation operation, bool response,
                         HRESULT hr, char **text, size_t *length)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    xml_raw(xml, "</");
    xml_raw(xml, info->name);
    if (response)
        xml_raw(xml, "Response");
    xml_raw(xml, ">");
    soap_end(xml);
    if (SUCCEEDED(hr))
        hr = xml_text_status(xml);
    if (FAILED(hr)) {
        xml_text_free(xml);
        return hr;
    }
    *text = xml->text;
    *length = xml->length;
    return S_OK;
}

HRESULT rmpr_message_empty_request(enum rmpr_operation operation, char **text, size_t *length)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    struct xml_text xml;
    xml_text_init(&xml);
    soap_begin(&xml, info->ns, info->version_data ? &client_versions : NULL);
    xml_open(&xml, info->name);
    xml_attribute(&xml, "xmlns", info->ns);
    xml_empty_end(&xml);
    soap_end(&xml);
    HRESULT hr = xml_text_status(&xml);
    if (FAILED(hr)) {
        xml_text_free(&xml);
        return hr;
    }
    *text = xml.text;
    *length = xml.length;
    return S_OK;
}

/* Whether the body element is `name` + `suffix` in the operation's
 * namespace. */
static bool body_is(const struct soap_message *message, const struct rmpr_operation_info *info,
                    const char *suffix)
{
    const xmlNode *body = message->body;
    size_t name_length = strlen(info->name);
    const char *name = (const char *)body->name;
    return message->body_namespace != NULL && strcmp(message->body_namespace, info->ns) == 0 &&
           strncmp(name, info->name, name_length) == 0 && strcmp(name + name_length, suffix) == 0;
}

HRESULT rmpr_open_response(const char *text, size_t length, enum rmpr_operation operation,
                           struct soap_message *message)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    HRESULT hr = soap_read(text, length, message);
    if (FAILED(hr))
        return hr;
    if (message->is_fault) {
        if (trace_enabled()) {
            char note[256];
            snprintf(note, sizeof note, "%s: SOAP fault %.200s", info->name,
                     message->fault.exception != NULL ? message->fault.exception : "(no name)");
            trace_note(note);
        }
        hr = rmpr_fault_hresult(message->fault.exception);
    } else if (!body_is(message, info, "Response")) {
        trace_note("MS-RMPR: not the operation's response");
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    }
    if (FAILED(hr))
        soap_message_clear(message);
    return hr;
}

/* Copies one version string; one too long to be a.b.c.d reads as "?",
 * which rmpr_check_versions calls malformed. */
static void copy_version(const char *value, char out[32])
{
    if (value == NULL) {
        out[0] = '\0';
        return;
    }
    size_t start = 0, end = strlen(value);
    while (start < end && strchr(" \t\r\n", value[start]) != NULL)
        start++;
    while (end > start && strchr(" \t\r\n", value[end - 1]) != NULL)
        end--;
    if (end - start >= 32) {
        strcpy(out, "?");
        return;
    }
    memcpy(out, value + start, end - start);
    out[end - start] = '\0';
}

HRESULT rmpr_open_request(const char *text, size_t length, enum rmpr_operation operation,
                          struct rmpr_version_data *versions, struct soap_message *message)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    HRESULT hr = soap_read(text, length, message);
    if (FAILED(hr))
        return hr;
    if (message->is_fault || !body_is(message, info, "")) {
        soap_message_clear(message);
        return E_DRM_INVALID_SERVER_RESPONSE;
    }
    if (versions != NULL) {
        versions->present = message->has_version_data;
        copy_version(message->minimum_version, versions->minimum);
        copy_version(message->maximum_version, versions->maximum);
    }
    return S_OK;
}

struct _xmlNode *rmpr_child(enum rmpr_operation operation, struct _xmlNode *parent,
                            const char *name)
{
    return soap_child(parent, rmpr_operation_info(operation)->ns, name);
}

static xmlNodePtr skip_nil(xmlNodePtr element)
{
    while (element != NULL && soap_is_nil(element))
        element = soap_next_element(element);
    return element;
}

struct _xmlNode *rmpr_first(enum rmpr_operation operation, struct _xmlNode *parent,
                            const char *name)
{
    return skip_nil(rmpr_child(operation, parent, name));
}

struct _xmlNode *rmpr_next(struct _xmlNode *element)
{
    return skip_nil(soap_next_element(element));
}

HRESULT rmpr_child_text(enum rmpr_operation operation, struct _xmlNode *parent, const char *name,
                        char **text)
{
    *text = NULL;
    xmlNodePtr child = rmpr_child(operation, parent, name);
    if (child == NULL)
        return S_OK;
    char *value = NULL;
    HRESULT hr = soap_text(child, true, &value);
    if (FAILED(hr) || value == NULL)
        return hr;
    size_t start = 0, end = strlen(value);
    while (start < end && strchr(" \t\r\n", value[start]) != NULL)
        start++;
    while (end > start && strchr(" \t\r\n", value[end - 1]) != NULL)
        end--;
    memmove(value, value + start, end - start);
    value[end - start] = '\0';
    *text = value;
    return S_OK;
}

HRESULT rmpr_read_chain(const struct soap_message *message, enum rmpr_operation operation,
                        const char *const *names, size_t count, HRESULT missing,
                        struct rmpr_documents *chain)
{
    xmlNodePtr node = message->body;
    for (size_t i = 0; i < count && node != NULL; i++)
        node = rmpr_first(operation, node, names[i]);
    if (node == NULL)
        return missing;
    struct rmpr_documents found = {0};
    HRESULT hr = soap_read_certificates(message, node, rmpr_operation_info(operation)->ns, &found);
    if (SUCCEEDED(hr) && found.count == 0)
        hr = missing;
    if (FAILED(hr)) {
        rmpr_documents_clear(&found);
        return hr;
    }
    rmpr_documents_clear(chain);
    *chain = found;
    return S_OK;
}

HRESULT rmpr_write_chain(struct xml_text *xml, enum rmpr_operation operation, const char *name,
                         const struct rmpr_documents *chain)
{
    if (chain == NULL)
        return E_INVALIDARG;
    xml_open(xml, name);
    xml_open_end(xml);
    HRESULT hr = soap_write_certificates(xml, rmpr_operation_info(operation)->ns, chain);
    xml_close(xml, name);
    return hr;
}
