/*
 * openmsdrm - reading SOAP 1.1 envelopes with the hardened settings (see
 * soap.h); writing them is soap_writer.c's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/soap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "util/trace.h"
#include "xrml/xml_reader.h"
#include "msdrmerror.h"

struct soap_spans {
    struct xml_spans spans;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool same(const xmlChar *a, const char *b)
{
    return a != NULL && b != NULL && strcmp((const char *)a, b) == 0;
}

bool soap_is_element(const struct _xmlNode *element, const char *ns, const char *name)
{
    if (element == NULL || element->type != XML_ELEMENT_NODE || !same(element->name, name))
        return false;
    if (ns == NULL)
        return element->ns == NULL || element->ns->href == NULL;
    return element->ns != NULL && same(element->ns->href, ns);
}

struct _xmlNode *soap_first_element(struct _xmlNode *parent)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE)
            return child;
    }
    return NULL;
}

struct _xmlNode *soap_child(struct _xmlNode *parent, const char *ns, const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (soap_is_element(child, ns, name))
            return child;
    }
    return NULL;
}

struct _xmlNode *soap_next_element(struct _xmlNode *element)
{
    const char *ns = element->ns != NULL ? (const char *)element->ns->href : NULL;
    for (xmlNodePtr next = element->next; next != NULL; next = next->next) {
        if (soap_is_element(next, ns, (const char *)element->name))
            return next;
    }
    return NULL;
}

static char *copy_text(const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (copy != NULL) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

bool soap_is_nil(struct _xmlNode *element)
{
    xmlChar *nil = xmlGetNsProp(element, (const xmlChar *)"nil", (const xmlChar *)SOAP_XSI_NAMESPACE);
    bool result = nil != NULL && (same(nil, "true") || same(nil, "1"));
    xmlFree(nil);
    return result;
}

HRESULT soap_text(struct _xmlNode *element, bool nil_is_null, char **text)
{
    if (soap_is_nil(element)) {
        if (!nil_is_null)
            return E_DRM_INVALID_SERVER_RESPONSE;
        *text = NULL;
        return S_OK;
    }
    size_t length = 0;
    for (xmlNodePtr child = element->children; child != NULL; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
            length += child->content != NULL ? strlen((const char *)child->content) : 0;
        else if (child->type != XML_COMMENT_NODE && child->type != XML_PI_NODE)
            return E_DRM_INVALID_SERVER_RESPONSE;
    }
    char *result = malloc(length + 1);
    if (result == NULL)
        return E_OUTOFMEMORY;
    size_t at = 0;
    for (xmlNodePtr child = element->children; child != NULL; child = child->next) {
        if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
            child->content != NULL) {
            size_t part = strlen((const char *)child->content);
            memcpy(result + at, child->content, part);
            at += part;
        }
    }
    result[at] = '\0';
    *text = result;
    return S_OK;
}

HRESULT soap_attribute(struct _xmlNode *element, const char *name, char **value)
{
    *value = NULL;
    xmlChar *found = xmlGetNoNsProp(element, (const xmlChar *)name);
    if (found == NULL)
        return S_OK;
    *value = copy_text((const char *)found, strlen((const char *)found));
    xmlFree(found);
    return *value != NULL ? S_OK : E_OUTOFMEMORY;
}

void soap_element_span(const struct soap_message *message, const struct _xmlNode *element,
                       const char **start, size_t *length)
{
    struct xml_span span = {0, 0};
    if (message->spans == NULL || !xml_spans_find(&message->spans->spans, element, &span)) {
        *start = NULL;
        *length = 0;
        return;
    }
    *start = message->text + span.start;
    *length = span.length;
}

static bool is_blank_text(xmlNodePtr node)
{
    if (node->type == XML_COMMENT_NODE)
        return true;
    if (node->type != XML_TEXT_NODE)
        return false;
    for (const xmlChar *c = node->content; c != NULL && *c != '\0'; c++) {
        if (!is_space((char)*c))
            return false;
    }
    return true;
}

/* Appends the literal text of `xrml` (an XrML element in no namespace). */
static HRESULT append_literal(const struct soap_message *message, xmlNodePtr xrml,
                              struct rmpr_documents *chain)
{
    if (!soap_is_element(xrml, NULL, "XrML"))
        return E_DRM_INVALID_SERVER_RESPONSE;
    const char *start;
    size_t length;
    soap_element_span(message, xrml, &start, &length);
    if (start == NULL)
        return E_DRM_INVALID_SERVER_RESPONSE;
    return rmpr_documents_append(chain, start, length);
}

/* Moves `found` to the end of `chain` (outputs change only on success). */
static HRESULT hand_over(struct rmpr_documents *found, struct rmpr_documents *chain)
{
    if (chain->count == 0) {
        rmpr_documents_clear(chain);
        *chain = *found;
        memset(found, 0, sizeof *found);
        return S_OK;
    }
    size_t before = chain->count;
    for (size_t i = 0; i < found->count; i++) {
        HRESULT hr = rmpr_documents_append(chain, found->texts[i], found->lengths[i]);
        if (FAILED(hr)) {
            while (chain->count > before)
                free(chain->texts[--chain->count]);
            rmpr_documents_clear(found);
            return hr;
        }
    }
    rmpr_documents_clear(found);
    return S_OK;
}

HRESULT soap_read_certificates(const struct soap_message *message, struct _xmlNode *array,
                               const char *ns, struct rmpr_documents *chain)
{
    struct rmpr_documents found = {0};
    HRESULT hr = S_OK;
    for (xmlNodePtr child = array->children; child != NULL && SUCCEEDED(hr); child = child->next) {
        if (is_blank_text(child))
            continue;
        if (!soap_is_element(child, ns, "Certificate") || soap_is_nil(child)) {
            hr = E_DRM_INVALID_SERVER_RESPONSE;
            break;
        }
        /* Exactly one element inside, whitespace around it. */
        xmlNodePtr document = NULL;
        for (xmlNodePtr inner = child->children; inner != NULL; inner = inner->next) {
            if (is_blank_text(inner))
                continue;
            if (inner->type != XML_ELEMENT_NODE || document != NULL) {
                hr = E_DRM_INVALID_SERVER_RESPONSE;
                break;
            }
            document = inner;
        }
        if (SUCCEEDED(hr))
            hr = document != NULL ? append_literal(message, document, &found)
                                  : E_DRM_INVALID_SERVER_RESPONSE;
    }
    if (FAILED(hr)) {
        rmpr_documents_clear(&found);
        return hr;
    }
    return hand_over(&found, chain);
}

HRESULT soap_xrml_children(const struct soap_message *message, struct _xmlNode *parent,
                           struct rmpr_documents *chain)
{
    struct rmpr_documents found = {0};
    HRESULT hr = S_OK;
    for (xmlNodePtr child = parent->children; child != NULL && SUCCEEDED(hr);
         child = child->next) {
        if (is_blank_text(child))
            continue;
        hr = append_literal(message, child, &found);
    }
    if (FAILED(hr)) {
        rmpr_documents_clear(&found);
        return hr;
    }
    return hand_over(&found, chain);
}

static bool is_name_character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
}

HRESULT soap_exception_name(const char *fault_string, char **name)
{
    *name = NULL;
    if (fault_string == NULL)
        return S_OK;
    const char *start = fault_string;
    while (is_space(*start))
        start++;
    const char *end = start;
    while (is_name_character(*end))
        end++;
    /* rmpr.md §2.5: ExceptionName[(-|:| )text]; a line end counts as
     * the space .NET puts there. */
    bool ends_well = *end == '\0' || *end == '-' || *end == ':' || is_space(*end);
    if (end == start || *start == '.' || !ends_well)
        return S_OK;
    *name = copy_text(start, (size_t)(end - start));
    return *name != NULL ? S_OK : E_OUTOFMEMORY;
}

/* A child's text, in no namespace or the envelope's (SOAP 1.1 faults
 * put faultcode and faultstring in none; some servers qualify them). */
static HRESULT fault_part(xmlNodePtr fault, const char *name, char **text)
{
    xmlNodePtr part = soap_child(fault, NULL, name);
    if (part == NULL)
        part = soap_child(fault, SOAP_ENVELOPE_NAMESPACE, name);
    *text = NULL;
    if (part == NULL)
        return S_OK;
    return soap_text(part, true, text);
}

static HRESULT read_fault(struct soap_message *message)
{
    message->is_fault = true;
    HRESULT hr = fault_part(message->body, "faultcode", &message->fault.code);
    if (SUCCEEDED(hr))
        hr = fault_part(message->body, "faultstring", &message->fault.string);
    if (SUCCEEDED(hr))
        hr = soap_exception_name(message->fault.string, &message->fault.exception);
    return hr;
}

static HRESULT read_versions(struct soap_message *message, xmlNodePtr header)
{
    xmlNodePtr versions = soap_child(header, message->body_namespace, "VersionData");
    if (versions == NULL)
        return S_OK;
    message->has_version_data = true;
    xmlNodePtr minimum = soap_child(versions, message->body_namespace, "MinimumVersion");
    xmlNodePtr maximum = soap_child(versions, message->body_namespace, "MaximumVersion");
    HRESULT hr = S_OK;
    if (minimum != NULL)
        hr = soap_text(minimum, true, &message->minimum_version);
    if (SUCCEEDED(hr) && maximum != NULL)
        hr = soap_text(maximum, true, &message->maximum_version);
    return hr;
}

static HRESULT read_envelope(struct soap_message *message)
{
    xmlNodePtr envelope = xmlDocGetRootElement(message->tree);
    if (!soap_is_element(envelope, SOAP_ENVELOPE_NAMESPACE, "Envelope"))
        return E_DRM_INVALID_SERVER_RESPONSE;
    xmlNodePtr body = soap_child(envelope, SOAP_ENVELOPE_NAMESPACE, "Body");
    message->body = soap_first_element(body);
    if (message->body == NULL)
        return E_DRM_INVALID_SERVER_RESPONSE;
    if (soap_is_element(message->body, SOAP_ENVELOPE_NAMESPACE, "Fault"))
        return read_fault(message);
    if (message->body->ns != NULL)
        message->body_namespace = (const char *)message->body->ns->href;
    xmlNodePtr header = soap_child(envelope, SOAP_ENVELOPE_NAMESPACE, "Header");
    return header != NULL ? read_versions(message, header) : S_OK;
}

HRESULT soap_read(const char *text, size_t length, struct soap_message *message)
{
    memset(message, 0, sizeof *message);
    if (text == NULL || length > SOAP_MAX_MESSAGE) {
        trace_note("SOAP message refused: over SOAP_MAX_MESSAGE");
        return E_DRM_INVALID_SERVER_RESPONSE;
    }
    message->text = text;
    message->length = length;
    message->spans = calloc(1, sizeof *message->spans);
    if (message->spans == NULL)
        return E_OUTOFMEMORY;
    static const struct xml_reader_limits limits = {SOAP_MAX_DEPTH, SOAP_MAX_NODES};
    HRESULT hr = xml_reader_parse(text, length, &limits, &message->spans->spans, &message->tree);
    if (hr == E_DRM_INVALID_LICENSE) {
        trace_note("SOAP message refused: not well-formed, a DTD, or over the limits");
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    }
    if (SUCCEEDED(hr))
        hr = read_envelope(message);
    if (FAILED(hr))
        soap_message_clear(message);
    return hr;
}

void soap_message_clear(struct soap_message *message)
{
    if (message->tree != NULL)
        xmlFreeDoc(message->tree);
    if (message->spans != NULL) {
        xml_spans_free(&message->spans->spans);
        free(message->spans);
    }
    free(message->fault.code);
    free(message->fault.string);
    free(message->fault.exception);
    free(message->minimum_version);
    free(message->maximum_version);
    memset(message, 0, sizeof *message);
}
