/*
 * openmsdrm - the messages that move certificate chains: Certify (RAC),
 * GetClientLicensorCert (CLC) and GetLicensorCertificate (SLC), both
 * directions (spec/rmpr.md §5.2, §5.3, §5.6, §8).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "net/rmpr_message_io.h"
#include "msdrmerror.h"

/* --- Certify --------------------------------------------------------------- */

HRESULT rmpr_write_certify_request(const struct rmpr_documents *machine_chain, bool persistent,
                                   char **text, size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, RMPR_CERTIFY, false);
    xml_raw(&xml, "<requestParams>");
    HRESULT hr = rmpr_write_chain(&xml, RMPR_CERTIFY, "MachineCertificateChain", machine_chain);
    xml_element(&xml, "Persistent", persistent ? "true" : "false");
    xml_raw(&xml, "</requestParams>");
    return rmpr_message_end(&xml, RMPR_CERTIFY, false, hr, text, length);
}

HRESULT rmpr_read_certify_response(const char *text, size_t length,
                                   struct rmpr_documents *rac_chain)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, RMPR_CERTIFY, &message);
    if (FAILED(hr))
        return hr;
    static const char *const path[] = {"CertifyResult", "CertificateChain"};
    hr = rmpr_read_chain(&message, RMPR_CERTIFY, path, 2, E_DRM_INVALID_SERVER_RESPONSE, rac_chain);
    soap_message_clear(&message);
    return hr;
}

/* xs:boolean: "true", "false", "1", "0" (whitespace collapsed). */
static HRESULT read_boolean(const char *text, bool *value)
{
    if (text != NULL && (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)) {
        *value = true;
        return S_OK;
    }
    if (text != NULL && (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)) {
        *value = false;
        return S_OK;
    }
    return E_INVALIDARG;
}

HRESULT rmpr_read_certify_request(const char *text, size_t length,
                                  struct rmpr_version_data *versions,
                                  struct rmpr_documents *machine_chain, bool *persistent)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, RMPR_CERTIFY, versions, &message);
    if (FAILED(hr))
        return hr;
    xmlNodePtr params = rmpr_first(RMPR_CERTIFY, message.body, "requestParams");
    char *flag = NULL;
    bool value = false;
    hr = params != NULL ? rmpr_child_text(RMPR_CERTIFY, params, "Persistent", &flag) : E_INVALIDARG;
    if (SUCCEEDED(hr))
        hr = read_boolean(flag, &value);
    free(flag);
    struct rmpr_documents chain = {0};
    static const char *const path[] = {"requestParams", "MachineCertificateChain"};
    if (SUCCEEDED(hr))
        hr = rmpr_read_chain(&message, RMPR_CERTIFY, path, 2, E_INVALIDARG, &chain);
    soap_message_clear(&message);
    if (FAILED(hr))
        return hr;
    rmpr_documents_clear(machine_chain);
    *machine_chain = chain;
    *persistent = value;
    return S_OK;
}

HRESULT rmpr_write_certify_response(const struct rmpr_documents *rac_chain, char **text,
                                    size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, RMPR_CERTIFY, true);
    xml_raw(&xml, "<CertifyResult>");
    HRESULT hr = rmpr_write_chain(&xml, RMPR_CERTIFY, "CertificateChain", rac_chain);
    xml_raw(&xml, "<Quota><Verified>true</Verified><CurrentConsumption>5</CurrentConsumption>"
                  "<Maximum>10</Maximum></Quota></CertifyResult>");
    return rmpr_message_end(&xml, RMPR_CERTIFY, true, hr, text, length);
}

/* --- GetClientLicensorCert ------------------------------------------------- */

HRESULT rmpr_write_get_client_licensor_cert_request(const struct rmpr_documents *rac_chain,
                                                    char **text, size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, false);
    xml_raw(&xml, "<RequestParams><GetClientLicensorCertParams>");
    HRESULT hr = rmpr_write_chain(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, "PersonaCerts", rac_chain);
    xml_raw(&xml, "</GetClientLicensorCertParams></RequestParams>");
    return rmpr_message_end(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, false, hr, text, length);
}

HRESULT rmpr_read_get_client_licensor_cert_response(const char *text, size_t length,
                                                    struct rmpr_documents *clc_chain)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, RMPR_GET_CLIENT_LICENSOR_CERT, &message);
    if (FAILED(hr))
        return hr;
    static const char *const path[] = {"GetClientLicensorCertResult",
                                       "GetClientLicensorCertResponse", "CertificateChain"};
    hr = rmpr_read_chain(&message, RMPR_GET_CLIENT_LICENSOR_CERT, path, 3,
                         E_DRM_INVALID_SERVER_RESPONSE, clc_chain);
    soap_message_clear(&message);
    return hr;
}

HRESULT rmpr_read_get_client_licensor_cert_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions,
                                                   struct rmpr_documents *rac_chain)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, RMPR_GET_CLIENT_LICENSOR_CERT, versions, &message);
    if (FAILED(hr))
        return hr;
    /* One parameter set: batching is a later version's (note <1>). */
    xmlNodePtr params = rmpr_first(RMPR_GET_CLIENT_LICENSOR_CERT, message.body, "RequestParams");
    xmlNodePtr first = params != NULL ? rmpr_first(RMPR_GET_CLIENT_LICENSOR_CERT, params,
                                                   "GetClientLicensorCertParams")
                                      : NULL;
    if (first == NULL || rmpr_next(first) != NULL) {
        soap_message_clear(&message);
        return E_INVALIDARG;
    }
    static const char *const path[] = {"RequestParams", "GetClientLicensorCertParams",
                                       "PersonaCerts"};
    hr = rmpr_read_chain(&message, RMPR_GET_CLIENT_LICENSOR_CERT, path, 3, E_INVALIDARG, rac_chain);
    soap_message_clear(&message);
    return hr;
}

HRESULT rmpr_write_get_client_licensor_cert_response(const struct rmpr_documents *clc_chain,
                                                     char **text, size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, true);
    xml_raw(&xml, "<GetClientLicensorCertResult><GetClientLicensorCertResponse>");
    HRESULT hr =
        rmpr_write_chain(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, "CertificateChain", clc_chain);
    xml_raw(&xml, "</GetClientLicensorCertResponse></GetClientLicensorCertResult>");
    return rmpr_message_end(&xml, RMPR_GET_CLIENT_LICENSOR_CERT, true, hr, text, length);
}

/* --- GetLicensorCertificate ------------------------------------------------ */

HRESULT rmpr_write_get_licensor_certificate_request(char **text, size_t *length)
{
    return rmpr_message_empty_request(RMPR_GET_LICENSOR_CERTIFICATE, text, length);
}

HRESULT rmpr_read_get_licensor_certificate_response(const char *text, size_t length,
                                                    struct rmpr_documents *slc_chain)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_response(text, length, RMPR_GET_LICENSOR_CERTIFICATE, &message);
    if (FAILED(hr))
        return hr;
    static const char *const path[] = {"GetLicensorCertificateResult", "CertificateChain"};
    hr = rmpr_read_chain(&message, RMPR_GET_LICENSOR_CERTIFICATE, path, 2,
                         E_DRM_INVALID_SERVER_RESPONSE, slc_chain);
    soap_message_clear(&message);
    return hr;
}

HRESULT rmpr_read_get_licensor_certificate_request(const char *text, size_t length,
                                                   struct rmpr_version_data *versions)
{
    struct soap_message message;
    HRESULT hr = rmpr_open_request(text, length, RMPR_GET_LICENSOR_CERTIFICATE, versions, &message);
    if (SUCCEEDED(hr))
        soap_message_clear(&message);
    return hr;
}

HRESULT rmpr_write_get_licensor_certificate_response(const struct rmpr_documents *slc_chain,
                                                     char **text, size_t *length)
{
    struct xml_text xml;
    xml_text_init(&xml);
    rmpr_message_begin(&xml, RMPR_GET_LICENSOR_CERTIFICATE, true);
    xml_raw(&xml, "<GetLicensorCertificateResult>");
    HRESULT hr =
        rmpr_write_chain(&xml, RMPR_GET_LICENSOR_CERTIFICATE, "CertificateChain", slc_chain);
    xml_raw(&xml, "</GetLicensorCertificateResult>");
    return rmpr_message_end(&xml, RMPR_GET_LICENSOR_CERTIFICATE, true, hr, text, length);
}
