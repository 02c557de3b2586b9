/*
 * openmsdrm - the template distribution messages:
 * AcquireTemplateInformation and AcquireTemplates, both directions
 * (spec/rmpr.md §5.9).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "net/rmpr_message_io.h"
#include "msdrmerror.h"

#define INFORMATION RMPR_ACQUIRE_TEMPLATE_INFORMATION
#define TEMPLATES RMPR_ACQUIRE_TEMPLATES

void rmpr_template_information_clear(struct rmpr_template_information *information)
{
    free(information->server_public_key);
    for (size_t i = 0; i < information->count; i++) {
        free(information->templates[i].guid);
        free(information->templates[i].hash);
    }
    free(information->templates);
    memset(information, 0, sizeof *information);
}

void rmpr_template_clear(struct rmpr_template *template_)
{
    free(template_->guid);
    free(template_->hash);
    free(template_->text);
    memset(template_, 0, sizeof *template_);
}

/* --- AcquireTemplateInformation -------------------------------------------- */

HRESULT rmpr_write_acquire_template_information_request(char **text, size_t *length)
{
    return rmpr_message_empty_request(INFORMATION, text, length);
}

/* An xs:int of digits (with an optional sign), or false. */
static bool is_int(const char *text)
{
    if (text == NULL)
        return false;
    if (*text == '-' || *text == '+')
        text++;
    size_t digits = 0;
    while (text[digits] >= '0' && text[digits] <= '9')
        digits++;
    return digits > 0 && digits <= 10 && text[digits] == '\0';
}

static HRESULT add_guid_hash(struct rmpr_template_information *information, xmlNodePtr entry)
{
    char *guid = NULL, *hash = NULL;
    HRESULT hr = rmpr_child_text(INFORMATION, entry, "Guid", &guid);
    if (SUCCEEDED(hr))
        hr = rmpr_child_text(INFORMATION, entry, "Hash", &hash);
    if (SUCCEEDED(hr) && guid == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    struct rmpr_guid_hash *grown = NULL;
    if (SUCCEEDED(hr)) {
        grown = realloc(information->templates, (information->count + 1) * sizeof *grown);
        if (grown == NULL)
            hr = E_OUTOFMEMORY;
    }
    if (FAILED(hr)) {
        free(guid);
        free(hash);
        return hr;
    }
    information->templates = grown;
    information->templates[information->count].guid = guid;
    information->templates[information->count].hash = hash;
    information->count++;
    return S_OK;
}

HRESULT rmpr_read_acquire_template_information_response(const char *text, size_t length,
                                                        struct rmpr_template_information *info)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, INFORMATION, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_template_information found = {0};
    xmlNodePtr result = rmpr_child(INFORMATION, message.body, "AcquireTemplateInformationResult");
    char *count = NULL;
    if (result == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    if (SUCCEEDED(hr))
        hr = rmpr_child_text(INFORMATION, result, "ServerPublicKey", &found.server_public_key);
    if (SUCCEEDED(hr))
        hr = rmpr_child_text(INFORMATION, result, "GuidHashCount", &count);
    /* GuidHashCount is required (minOccurs 1). */
    if (SUCCEEDED(hr) && !is_int(count))
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    free(count);
    for (xmlNodePtr entry = SUCCEEDED(hr) ? rmpr_first(INFORMATION, result, "GuidHash") : NULL;
         entry != NULL && SUCCEEDED(hr); entry = rmpr_next(entry))
        hr = add_guid_hash(&found, entry);
    soap_message_clear(&message);
    if (FAILED(hr)) {
        rmpr_template_information_clear(&found);
        return hr;
    }
    rmpr_template_information_clear(info);
    *info = found;
    return S_OK;
}

HRESULT rmpr_read_acquire_template_information_request(const char *text, size_t length,
                                                       struct rmpr_version_data *versions)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, INFORMATION, versions, &message);
    if (SUCCEEDED(hr))
        soap_message_clear(&message);
    return hr;
}

HRESULT
rmpr_write_acquire_template_information_response(const struct rmpr_template_information *info,
                                                 char **text, size_t *length)
{
    if (info == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, INFORMATION, true);
    xml_raw(&xml, "<AcquireTemplateInformationResult>");
    if (info->server_public_key != NULL)
        xml_element(&xml, "ServerPublicKey", info->server_public_key);
    char count[24];
    snprintf(count, sizeof count, "%zu", info->count);
    xml_element(&xml, "GuidHashCount", count);
    HRESULT hr = S_OK;
    for (size_t i = 0; i < info->count; i++) {
        const struct rmpr_guid_hash *entry = &info->templates[i];
        if (entry->guid == NULL) {
            hr = E_INVALIDARG;
            break;
        }
        xml_raw(&xml, "<GuidHash>");
        xml_element(&xml, "Guid", entry->guid);
        if (entry->hash != NULL)
            xml_element(&xml, "Hash", entry->hash);
        xml_raw(&xml, "</GuidHash>");
    }
    xml_raw(&xml, "</AcquireTemplateInformationResult>");
    return rmpr_message_end(&xml, INFORMATION, true, hr, text, length);
}

/* --- AcquireTemplates ---------------------------------------------------------- */

HRESULT rmpr_write_acquire_templates_request(const char *const *guids, size_t count, char **text,
                                             size_t *length)
{
    if (guids == NULL && count > 0)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, TEMPLATES, false);
    HRESULT hr = S_OK;
    xml_raw(&xml, "<guids>");
    for (size_t i = 0; i < count; i++) {
        if (guids[i] == NULL) {
            hr = E_INVALIDARG;
            break;
        }
        xml_element(&xml, "string", guids[i]);
    }
    xml_raw(&xml, "</guids>");
    return rmpr_message_end(&xml, TEMPLATES, false, hr, text, length);
}

static bool same_guid(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return false;
        if (x == '\0')
            return true;
    }
}

/* Fills `slot` from one GuidTemplate whose Guid is already read. */
static HRESULT take_template(xmlNodePtr entry, char *guid, struct rmpr_template *slot)
{
    char *hash = NULL, *template_text = NULL;
    HRESULT hr = rmpr_child_text(TEMPLATES, entry, "Hash", &hash);
    xmlNodePtr element = rmpr_child(TEMPLATES, entry, "Template");
    /* The template is text: kept exactly, not trimmed. */
    if (SUCCEEDED(hr) && element != NULL)
        hr = soap_text(element, true, &template_text);
    if (FAILED(hr)) {
        free(hash);
        return hr;
    }
    slot->guid = guid;
    slot->hash = hash;
    slot->text = template_text;
    slot->length = template_text != NULL ? strlen(template_text) : 0;
    return S_OK;
}

HRESULT rmpr_read_acquire_templates_response(const char *text, size_t length,
                                             const char *const *guids, size_t count,
                                             struct rmpr_template *templates)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, TEMPLATES, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_template *found = calloc(count ? count : 1, sizeof *found);
    xmlNodePtr result = rmpr_child(TEMPLATES, message.body, "AcquireTemplatesResult");
    if (found == NULL)
        hr = E_OUTOFMEMORY;
    else if (result == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    for (xmlNodePtr entry = SUCCEEDED(hr) ? rmpr_first(TEMPLATES, result, "GuidTemplate") : NULL;
         entry != NULL && SUCCEEDED(hr); entry = rmpr_next(entry)) {
        char *guid = NULL;
        hr = rmpr_child_text(TEMPLATES, entry, "Guid", &guid);
        if (SUCCEEDED(hr) && guid == NULL)
            hr = E_DRM_INVALID_SERVER_RESPONSE;
        for (size_t i = 0; SUCCEEDED(hr) && guid != NULL && i < count; i++) {
            if (found[i].guid == NULL && guids[i] != NULL && same_guid(guids[i], guid)) {
                hr = take_template(entry, guid, &found[i]);
                if (SUCCEEDED(hr))
                    guid = NULL;
            }
        }
        free(guid);
    }
    soap_message_clear(&message);
    if (FAILED(hr)) {
        for (size_t i = 0; found != NULL && i < count; i++)
            rmpr_template_clear(&found[i]);
        free(found);
        return hr;
    }
    memcpy(templates, found, count * sizeof *found);
    free(found);
    return S_OK;
}

HRESULT rmpr_read_acquire_templates_request(const char *text, size_t length,
                                            struct rmpr_version_data *versions,
                                            struct rmpr_strings *guids)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, TEMPLATES, versions, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_strings found = {0};
    xmlNodePtr list = rmpr_child(TEMPLATES, message.body, "guids");
    if (list == NULL)
        hr = E_INVALIDARG;
    for (xmlNodePtr entry = SUCCEEDED(hr) ? rmpr_first(TEMPLATES, list, "string") : NULL;
         entry != NULL && SUCCEEDED(hr); entry = rmpr_next(entry)) {
        char *guid = NULL;
        hr = soap_text(entry, false, &guid);
        if (SUCCEEDED(hr))
            hr = rmpr_strings_append(&found, guid);
        free(guid);
    }
    soap_message_clear(&message);
    if (FAILED(hr)) {
        rmpr_strings_clear(&found);
        return hr;
    }
    rmpr_strings_clear(guids);
    *guids = found;
    return S_OK;
}

HRESULT rmpr_write_acquire_templates_response(const struct rmpr_template *templates, size_t count,
                                              char **text, size_t *length)
{
    if (templates == NULL && count > 0)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, TEMPLATES, true);
    HRESULT hr = S_OK;
    xml_raw(&xml, "<AcquireTemplatesResult>");
    for (size_t i = 0; i < count; i++) {
        const struct rmpr_template *entry = &templates[i];
        if (entry->guid == NULL) {
            hr = E_INVALIDARG;
            break;
        }
        xml_raw(&xml, "<GuidTemplate>");
        xml_element(&xml, "Guid", entry->guid);
        if (entry->hash != NULL)
            xml_element(&xml, "Hash", entry->hash);
        if (entry->text != NULL)
            xml_element(&xml, "Template", entry->text);
        xml_raw(&xml, "</GuidTemplate>");
    }
    xml_raw(&xml, "</AcquireTemplatesResult>");
    return rmpr_message_end(&xml, TEMPLATES, true, hr, text, length);
}
