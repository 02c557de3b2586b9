/*
 * openmsdrm - writing SOAP 1.1 envelopes (see soap.h); reading them is
 * soap.c's.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/soap.h"

#include <stdint.h>
#include <string.h>

#include "xrml/xrml_scan.h"
#include "msdrmerror.h"

static void write_versions(struct xml_text *xml, const char *ns,
                           const struct soap_version_range *versions)
{
    xml_raw(xml, "<soap:Header>");
    xml_open(xml, "VersionData");
    xml_attribute(xml, "xmlns", ns);
    xml_open_end(xml);
    if (versions->minimum != NULL)
        xml_element(xml, "MinimumVersion", versions->minimum);
    if (versions->maximum != NULL)
        xml_element(xml, "MaximumVersion", versions->maximum);
    xml_close(xml, "VersionData");
    xml_raw(xml, "</soap:Header>");
}

void soap_begin(struct xml_text *xml, const char *service_namespace,
                const struct soap_version_range *versions)
{
    /* The prefixes ASMX itself writes (rmpr.md §8). */
    xml_raw(xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                 "<soap:Envelope xmlns:xsi=\"" SOAP_XSI_NAMESPACE "\""
                 " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
                 " xmlns:soap=\"" SOAP_ENVELOPE_NAMESPACE "\">");
    if (versions != NULL)
        write_versions(xml, service_namespace, versions);
    xml_raw(xml, "<soap:Body>");
}

void soap_end(struct xml_text *xml)
{
    xml_raw(xml, "</soap:Body></soap:Envelope>");
}

void soap_open_body_element(struct xml_text *xml, const char *name, const char *service_namespace)
{
    xml_open(xml, name);
    xml_attribute(xml, "xmlns", service_namespace);
    xml_open_end(xml);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Where a stored document's root element begins: past a UTF-8 byte order
 * mark, an XML declaration, comments and whitespace. */
static size_t root_start(const char *text, size_t length)
{
    size_t at = 0;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    for (;;) {
        while (at < length && is_space(text[at]))
            at++;
        const char *close = NULL;
        if (length - at >= 5 && memcmp(text + at, "<?xml", 5) == 0)
            close = "?>";
        else if (length - at >= 4 && memcmp(text + at, "<!--", 4) == 0)
            close = "-->";
        if (close == NULL)
            return at;
        size_t close_length = strlen(close);
        size_t end = at + 2;
        while (end + close_length <= length && memcmp(text + end, close, close_length) != 0)
            end++;
        if (end + close_length > length)
            return length;
        at = end + close_length;
    }
}

/* Whether the root's start tag (at `start`) declares xmlns="": then the
 * document is in no namespace wherever it is put. Attribute values
 * cannot hold `<`, and quotes are skipped whole. */
static bool declares_no_namespace(const char *text, size_t length, size_t start)
{
    for (size_t at = start + 1; at < length && text[at] != '>'; at++) {
        if (text[at] == '"' || text[at] == '\'') {
            char quote = text[at++];
            while (at < length && text[at] != quote)
                at++;
            continue;
        }
        if (is_space(text[at]) && length - at > 8 && memcmp(text + at + 1, "xmlns", 5) == 0) {
            size_t value = at + 6;
            while (value < length && is_space(text[value]))
                value++;
            if (value < length && text[value] == '=') {
                value++;
                while (value < length && is_space(text[value]))
                    value++;
                if (length - value >= 2 && (text[value] == '"' || text[value] == '\'') &&
                    text[value + 1] == text[value])
                    return true;
            }
        }
    }
    return false;
}

/* The span of a stored document to insert: from its root's `<` to the
 * end of its text, trailing whitespace left out. E_INVALIDARG unless it
 * is one XrML document and nothing else (what would close the element
 * early or add a sibling cannot pass the scanner). */
static HRESULT document_span(const char *text, size_t length, size_t *start, size_t *end)
{
    struct xrml_scan scan;
    if (text == NULL || FAILED(xrml_scan(text, length, &scan)))
        return E_INVALIDARG;
    *start = root_start(text, length);
    *end = length;
    while (*end > *start && is_space(text[*end - 1]))
        (*end)--;
    if (length - *start < 5 || memcmp(text + *start, "<XrML", 5) != 0)
        return E_INVALIDARG;
    return S_OK;
}

HRESULT soap_write_wrapped_document(struct xml_text *xml, const char *service_namespace,
                                    const char *element, const char *text, size_t length)
{
    size_t start, end;
    HRESULT hr = document_span(text, length, &start, &end);
    if (FAILED(hr))
        return hr;
    if (declares_no_namespace(text, length, start)) {
        xml_open(xml, element);
        xml_open_end(xml);
        xml_raw_span(xml, text + start, end - start);
        xml_close(xml, element);
    } else {
        xml_raw(xml, "<s:");
        xml_raw(xml, element);
        xml_raw(xml, " xmlns:s=\"");
        xml_escaped(xml, service_namespace);
        xml_raw(xml, "\" xmlns=\"\">");
        xml_raw_span(xml, text + start, end - start);
        xml_raw(xml, "</s:");
        xml_raw(xml, element);
        xml_raw(xml, ">");
    }
    return S_OK;
}

HRESULT soap_write_certificates(struct xml_text *xml, const char *service_namespace,
                                const struct rmpr_documents *chain)
{
    for (size_t i = 0; i < chain->count; i++) {
        HRESULT hr = soap_write_wrapped_document(xml, service_namespace, "Certificate",
                                                 chain->texts[i], chain->lengths[i]);
        if (FAILED(hr))
            return hr;
    }
    return S_OK;
}

HRESULT soap_write_bare_documents(struct xml_text *xml, const struct rmpr_documents *chain)
{
    for (size_t i = 0; i < chain->count; i++) {
        size_t start, end;
        HRESULT hr = document_span(chain->texts[i], chain->lengths[i], &start, &end);
        if (FAILED(hr))
            return hr;
        xml_raw_span(xml, chain->texts[i] + start, end - start);
    }
    return S_OK;
}

void soap_write_fault(struct xml_text *xml, const char *exception_name, const char *text)
{
    soap_begin(xml, NULL, NULL);
    xml_raw(xml, "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>");
    xml_escaped(xml, exception_name);
    if (text != NULL && text[0] != '\0') {
        xml_raw(xml, ": ");
        xml_escaped(xml, text);
    }
    xml_raw(xml, "</faultstring><detail /></soap:Fault>");
    soap_end(xml);
}
