/*
 * openmsdrm - the service discovery messages: FindServiceLocationsForUser
 * and GetServerInfo, both directions (spec/rmpr.md §4, §5.4, §5.5).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "net/rmpr_message_io.h"
#include "msdrmerror.h"

/* --- FindServiceLocationsForUser ------------------------------------------- */

#define FIND RMPR_FIND_SERVICE_LOCATIONS
#define INFO RMPR_GET_SERVER_INFO

/*
 * The requests of this file are both lists of Type elements:
 * <list><item><Type>t</Type></item>...</list> (ServiceNames /
 * ServiceLocationRequest, requests / ServerInfoRequest).
 */
static HRESULT write_type_list(enum rmpr_operation operation, const char *list, const char *item,
                               const char *const *types, size_t count, char **text,
                               size_t *length)
{
    if (types == NULL && count > 0)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, operation, false);
    HRESULT hr = S_OK;
    xml_open(&xml, list);
    xml_open_end(&xml);
    for (size_t i = 0; i < count; i++) {
        if (types[i] == NULL) {
            hr = E_INVALIDARG;
            break;
        }
        xml_open(&xml, item);
        xml_open_end(&xml);
        xml_element(&xml, "Type", types[i]);
        xml_close(&xml, item);
    }
    xml_close(&xml, list);
    return rmpr_message_end(&xml, operation, false, hr, text, length);
}

/* E_INVALIDARG: no item, or one without its Type. */
static HRESULT read_type_list(const char *text, size_t length, enum rmpr_operation operation,
                              const char *list, const char *item,
                              struct rmpr_version_data *versions, struct rmpr_strings *types)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, operation, versions, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_strings found = {0};
    xmlNodePtr items = rmpr_child(operation, message.body, list);
    for (xmlNodePtr asked = rmpr_first(operation, items, item); asked != NULL && SUCCEEDED(hr);
         asked = rmpr_next(asked)) {
        char *type = NULL;
        hr = rmpr_child_text(operation, asked, "Type", &type);
        if (SUCCEEDED(hr))
            hr = type != NULL ? rmpr_strings_append(&found, type) : E_INVALIDARG;
        free(type);
    }
    soap_message_clear(&message);
    if (SUCCEEDED(hr) && found.count == 0)
        hr = E_INVALIDARG;
    if (FAILED(hr)) {
        rmpr_strings_clear(&found);
        return hr;
    }
    rmpr_strings_clear(types);
    *types = found;
    return S_OK;
}

HRESULT rmpr_write_find_service_locations_request(const char *const *types, size_t count,
                                                  char **text, size_t *length)
{
    return write_type_list(FIND, "ServiceNames", "ServiceLocationRequest", types, count, text,
                           length);
}

static void free_strings(char **strings, size_t count)
{
    if (strings == NULL)
        return;
    for (size_t i = 0; i < count; i++)
        free(strings[i]);
    free(strings);
}

HRESULT rmpr_read_find_service_locations_response(const char *text, size_t length,
                                                  const char *const *types, size_t count,
                                                  char **urls)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, FIND, &message);
    if (FAILED(hr))
        return hr;
    char **found = calloc(count ? count : 1, sizeof *found);
    xmlNodePtr result = rmpr_child(FIND, message.body, "FindServiceLocationsForUserResult");
    if (found == NULL)
        hr = E_OUTOFMEMORY;
    else if (result == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    for (xmlNodePtr answer = SUCCEEDED(hr) ? rmpr_first(FIND, result, "ServiceLocationResponse")
                                           : NULL;
         answer != NULL && SUCCEEDED(hr); answer = rmpr_next(answer)) {
        char *type = NULL, *url = NULL;
        hr = rmpr_child_text(FIND, answer, "Type", &type);
        if (SUCCEEDED(hr) && type == NULL)
            hr = E_DRM_INVALID_SERVER_RESPONSE; /* Type is required */
        if (SUCCEEDED(hr))
            hr = rmpr_child_text(FIND, answer, "URL", &url);
        for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
            /* The first answer for a type counts; an empty URL is none. */
            if (found[i] == NULL && types[i] != NULL && strcmp(types[i], type) == 0 &&
                url != NULL && url[0] != '\0') {
                found[i] = url;
                url = NULL;
            }
        }
        free(type);
        free(url);
    }
    soap_message_clear(&message);
    if (FAILED(hr)) {
        free_strings(found, count);
        return hr;
    }
    memcpy(urls, found, count * sizeof *found);
    free(found);
    return S_OK;
}

HRESULT rmpr_read_find_service_locations_request(const char *text, size_t length,
                                                 struct rmpr_version_data *versions,
                                                 struct rmpr_strings *types)
{
    return read_type_list(text, length, FIND, "ServiceNames", "ServiceLocationRequest", versions,
                          types);
}

HRESULT rmpr_write_find_service_locations_response(const char *const *types,
                                                   const char *const *urls, size_t count,
                                                   char **text, size_t *length)
{
    if ((types == NULL || urls == NULL) && count > 0)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, FIND, true);
    HRESULT hr = S_OK;
    xml_raw(&xml, "<FindServiceLocationsForUserResult>");
    for (size_t i = 0; i < count; i++) {
        if (types[i] == NULL) {
            hr = E_INVALIDARG;
            break;
        }
        xml_raw(&xml, "<ServiceLocationResponse>");
        if (urls[i] != NULL)
            xml_element(&xml, "URL", urls[i]);
        xml_element(&xml, "Type", types[i]);
        xml_raw(&xml, "</ServiceLocationResponse>");
    }
    xml_raw(&xml, "</FindServiceLocationsForUserResult>");
    return rmpr_message_end(&xml, FIND, true, hr, text, length);
}

/* --- GetServerInfo ---------------------------------------------------------- */

void rmpr_server_info_clear(struct rmpr_server_info *info)
{
    free(info->version);
    rmpr_documents_clear(&info->licensor_chain);
    for (size_t i = 0; i < info->location_count; i++) {
        free(info->locations[i].type);
        free(info->locations[i].url);
    }
    free(info->locations);
    memset(info, 0, sizeof *info);
}

HRESULT rmpr_write_get_server_info_request(const char *const *types, size_t count, char **text,
                                           size_t *length)
{
    return write_type_list(INFO, "requests", "ServerInfoRequest", types, count, text, length);
}

/* ServiceLocations/ServiceLocation@Type,@Url (the §4.6 example). */
static HRESULT read_locations(xmlNodePtr answer, struct rmpr_server_info *info)
{
    xmlNodePtr list = soap_child(answer, NULL, "ServiceLocations");
    HRESULT hr = S_OK;
    for (xmlNodePtr location = soap_child(list, NULL, "ServiceLocation");
         location != NULL && SUCCEEDED(hr); location = soap_next_element(location)) {
        char *type = NULL, *url = NULL;
        hr = soap_attribute(location, "Type", &type);
        if (SUCCEEDED(hr))
            hr = soap_attribute(location, "Url", &url);
        struct rmpr_service_location *grown = NULL;
        if (SUCCEEDED(hr) && type == NULL)
            hr = E_DRM_INVALID_SERVER_RESPONSE;
        if (SUCCEEDED(hr)) {
            grown = realloc(info->locations, (info->location_count + 1) * sizeof *grown);
            if (grown == NULL)
                hr = E_OUTOFMEMORY;
        }
        if (FAILED(hr)) {
            free(type);
            free(url);
            break;
        }
        info->locations = grown;
        info->locations[info->location_count].type = type;
        info->locations[info->location_count].url = url;
        info->location_count++;
    }
    return hr;
}

static HRESULT read_answer(const struct soap_message *message, xmlNodePtr answer,
                           struct rmpr_server_info *info)
{
    char *type = NULL;
    HRESULT hr = soap_attribute(answer, "Type", &type);
    if (FAILED(hr) || type == NULL)
        return SUCCEEDED(hr) ? E_DRM_INVALID_SERVER_RESPONSE : hr;
    if (strcmp(type, RMPR_INFO_VERSION) == 0 && info->version == NULL) {
        xmlNodePtr version = soap_child(answer, NULL, "VersionInfo");
        if (version != NULL)
            hr = soap_attribute(version, "Version", &info->version);
    } else if (strcmp(type, RMPR_INFO_LICENSOR_CERTIFICATE) == 0) {
        xmlNodePtr chain = soap_child(answer, NULL, "ServerLicensorCertificateChain");
        if (chain != NULL)
            hr = soap_xrml_children(message, chain, &info->licensor_chain);
    } else if (strcmp(type, RMPR_INFO_SERVICE_LOCATIONS) == 0) {
        hr = read_locations(answer, info);
    }
    free(type);
    return hr;
}

HRESULT rmpr_read_get_server_info_response(const char *text, size_t length,
                                           struct rmpr_server_info *info)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, INFO, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_server_info found = {0};
    xmlNodePtr result = rmpr_child(INFO, message.body, "GetServerInfoResult");
    xmlNodePtr results = soap_child(result, NULL, "Results");
    if (results == NULL)
        hr = E_DRM_INVALID_SERVER_RESPONSE;
    for (xmlNodePtr answer = SUCCEEDED(hr) ? soap_child(results, NULL, "ServerInfoRequest") : NULL;
         answer != NULL && SUCCEEDED(hr); answer = soap_next_element(answer))
        hr = read_answer(&message, answer, &found);
    soap_message_clear(&message);
    if (FAILED(hr)) {
        rmpr_server_info_clear(&found);
        return hr;
    }
    rmpr_server_info_clear(info);
    *info = found;
    return S_OK;
}

HRESULT rmpr_read_get_server_info_request(const char *text, size_t length,
                                          struct rmpr_strings *types)
{
    return read_type_list(text, length, INFO, "requests", "ServerInfoRequest", NULL, types);
}

static HRESULT write_answer(struct xml_text *xml, const char *type,
                            const struct rmpr_server_info *info)
{
    HRESULT hr = S_OK;
    bool version = strcmp(type, RMPR_INFO_VERSION) == 0;
    bool features = strcmp(type, RMPR_INFO_FEATURES) == 0;
    bool licensor = strcmp(type, RMPR_INFO_LICENSOR_CERTIFICATE) == 0;
    bool locations = strcmp(type, RMPR_INFO_SERVICE_LOCATIONS) == 0;
    if (!version && !features && !licensor && !locations)
        return S_OK;
    xml_open(xml, "ServerInfoRequest");
    xml_attribute(xml, "Type", type);
    xml_attribute(xml, "AdditionalInfo", "");
    xml_open_end(xml);
    if (version) {
        xml_open(xml, "VersionInfo");
        xml_attribute(xml, "Version", info->version != NULL ? info->version : "");
        xml_empty_end(xml);
    } else if (features) {
        xml_raw(xml, "<ServerFeatureInfo />");
    } else if (licensor) {
        xml_raw(xml, "<ServerLicensorCertificateChain>");
        hr = soap_write_bare_documents(xml, &info->licensor_chain);
        xml_raw(xml, "</ServerLicensorCertificateChain>");
    } else {
        xml_raw(xml, "<ServiceLocations>");
        for (size_t i = 0; i < info->location_count; i++) {
            const struct rmpr_service_location *location = &info->locations[i];
            if (location->type == NULL)
                return E_INVALIDARG;
            xml_open(xml, "ServiceLocation");
            xml_attribute(xml, "Type", location->type);
            xml_attribute(xml, "Url", location->url != NULL ? location->url : "");
            xml_empty_end(xml);
        }
        xml_raw(xml, "</ServiceLocations>");
    }
    xml_close(xml, "ServerInfoRequest");
    return hr;
}

HRESULT rmpr_write_get_server_info_response(const struct rmpr_strings *types,
                                            const struct rmpr_server_info *info, char **text,
                                            size_t *length)
{
    if (types == NULL || info == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, INFO, true);
    /* The result's content is in no namespace (§4.6: Results xmlns=""). */
    xml_raw(&xml, "<GetServerInfoResult><Results xmlns=\"\">");
    HRESULT hr = S_OK;
    for (size_t i = 0; i < types->count && SUCCEEDED(hr); i++)
        hr = write_answer(&xml, types->items[i], info);
    xml_raw(&xml, "</Results></GetServerInfoResult>");
    return rmpr_message_end(&xml, INFO, true, hr, text, length);
}
