/*
 * openmsdrm - the publishing and licensing requests: AcquireIssuanceLicense
 * and AcquireLicense (spec/rmpr.md §5.7, §5.8, §8). Only requests for
 * now: msdrm-server reads them to answer with a fault until publishing
 * and consumption come.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "net/rmpr_message_io.h"
#include "msdrmerror.h"

#define ISSUANCE RMPR_ACQUIRE_ISSUANCE_LICENSE
#define LICENSE RMPR_ACQUIRE_LICENSE

HRESULT rmpr_write_acquire_issuance_license_request(const char *unsigned_license, size_t length,
                                                    char **text, size_t *text_length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, ISSUANCE, false);
    xml_raw(&xml, "<RequestParams><AcquireIssuanceLicenseParams>");
    HRESULT hr = soap_write_wrapped_document(&xml, rmpr_operation_info(ISSUANCE)->ns,
                                             "UnsignedIssuanceLicense", unsigned_license, length);
    xml_raw(&xml, "</AcquireIssuanceLicenseParams></RequestParams>");
    return rmpr_message_end(&xml, ISSUANCE, false, hr, text, text_length);
}

HRESULT rmpr_read_acquire_issuance_license_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions,
                                                   struct rmpr_documents *unsigned_license)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, ISSUANCE, versions, &message);
    if (FAILED(hr))
        return hr;
    xmlNodePtr node = rmpr_first(ISSUANCE, message.body, "RequestParams");
    node = rmpr_first(ISSUANCE, node, "AcquireIssuanceLicenseParams");
    node = rmpr_first(ISSUANCE, node, "UnsignedIssuanceLicense");
    struct rmpr_documents found = {0};
    hr = node != NULL ? soap_xrml_children(&message, node, &found) : E_INVALIDARG;
    if (SUCCEEDED(hr) && found.count != 1)
        hr = E_INVALIDARG;
    soap_message_clear(&message);
    if (FAILED(hr)) {
        rmpr_documents_clear(&found);
        return hr;
    }
    rmpr_documents_clear(unsigned_license);
    *unsigned_license = found;
    return S_OK;
}

HRESULT rmpr_write_acquire_license_request(const struct rmpr_documents *licensee,
                                           const struct rmpr_documents *issuance_license,
                                           char **text, size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, LICENSE, false);
    xml_raw(&xml, "<RequestParams><AcquireLicenseParams>");
    HRESULT hr = rmpr_write_chain(&xml, LICENSE, "LicenseeCerts", licensee);
    if (SUCCEEDED(hr))
        hr = rmpr_write_chain(&xml, LICENSE, "IssuanceLicense", issuance_license);
    xml_raw(&xml, "<ApplicationData /></AcquireLicenseParams></RequestParams>");
    return rmpr_message_end(&xml, LICENSE, false, hr, text, length);
}

HRESULT rmpr_read_acquire_license_request(const char *text, size_t length,
                                          struct rmpr_version_data *versions,
                                          struct rmpr_documents *licensee,
                                          struct rmpr_documents *issuance_license)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, LICENSE, versions, &message);
    if (FAILED(hr))
        return hr;
    struct rmpr_documents rac = {0}, license = {0};
    static const char *const licensee_path[] = {"RequestParams", "AcquireLicenseParams",
                                                "LicenseeCerts"};
    static const char *const license_path[] = {"RequestParams", "AcquireLicenseParams",
                                               "IssuanceLicense"};
    hr = rmpr_read_chain(&message, LICENSE, licensee_path, 3, E_INVALIDARG, &rac);
    if (SUCCEEDED(hr))
        hr = rmpr_read_chain(&message, LICENSE, license_path, 3, E_INVALIDARG, &license);
    soap_message_clear(&message);
    if (FAILED(hr)) {
        rmpr_documents_clear(&rac);
        rmpr_documents_clear(&license);
        return hr;
    }
    rmpr_documents_clear(licensee);
    rmpr_documents_clear(issuance_license);
    *licensee = rac;
    *issuance_license = license;
    return S_OK;
}
