/*
 * openmsdrm - the one table of MS-RMPR fault names (spec/rmpr.md §9) and
 * the HRESULT a client reports for each. The client must treat all faults
 * alike (§2.5), and the mapping to E_DRM_* codes is not documented
 * (errors.md, "Server-side faults"); the names get a code of their own
 * only where errors.md pairs them by name:
 *   UnauthorizedAccessException        -> E_DRM_AUTHENTICATION_FAILED (as HTTP 401)
 *   VerifyEmailAddressFailedException  -> E_DRM_INVALID_EMAIL
 *   ADEntrySearchFailedException       -> E_DRM_AD_ENTRY_NOT_FOUND
 * and every other fault, known or not, is E_DRM_SERVER_ERROR.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_messages.h"

#include <string.h>

#include "net/soap.h"
#include "msdrmerror.h"

#define CORE "Microsoft.DigitalRightsManagement.Core."
#define UTILITIES "Microsoft.DigitalRightsManagement.Utilities."
#define LICENSING "Microsoft.DigitalRightsManagement.Licensing."
#define CRYPTOGRAPHY "Microsoft.DigitalRightsManagement.Cryptography."
#define RMS "Microsoft.RightsManagementServices."

struct fault_row {
    enum rmpr_fault fault;
    const char *name;
    HRESULT hr;
};

static const struct fault_row faults[RMPR_FAULT_COUNT] = {
    {RMPR_FAULT_UNSUPPORTED_DATA_VERSION, CORE "UnsupportedDataVersionException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_MALFORMED_DATA_VERSION, CORE "MalformedDataVersionException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_ARGUMENT_NULL, "System.ArgumentNullException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNAUTHORIZED_ACCESS, "System.UnauthorizedAccessException",
     E_DRM_AUTHENTICATION_FAILED},
    {RMPR_FAULT_INVALID_OPERATION, "System.InvalidOperationException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNSPECIFIED_ERROR, UTILITIES "UnspecifiedErrorException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_VERIFY_EMAIL_ADDRESS_FAILED, CORE "VerifyEmailAddressFailedException",
     E_DRM_INVALID_EMAIL},
    {RMPR_FAULT_AD_ENTRY_SEARCH_FAILED, UTILITIES "ADEntrySearchFailedException",
     E_DRM_AD_ENTRY_NOT_FOUND},
    {RMPR_FAULT_VERIFY_MACHINE_CERTIFICATE_CHAIN_FAILED,
     CORE "VerifyMachineCertificateChainFailedException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_BLACK_BOX_IS_INVALID, LICENSING "BlackBoxIsInvalidException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_CLUSTER_DECOMMISSIONED, RMS "ClusterDecommissionedException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNSUPPORTED_CRYPTOGRAPHIC_SET, CRYPTOGRAPHY "UnsupportedCryptographicSetException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_INVALID_PERSONA_CERT_SIGNATURE, LICENSING "InvalidPersonaCertSignatureException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_INVALID_PERSONA_CERT_TIME, LICENSING "InvalidPersonaCertTimeException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNEXPECTED_PERSONA_CERT, LICENSING "UnexpectedPersonaCertException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNTRUSTED_PERSONA_CERT, LICENSING "UntrustedPersonaCertException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_DRMAC_IS_EXCLUDED, LICENSING "DrmacIsExcludedException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_CREDENTIAL_CREATION_TIME, LICENSING "CredentialCreationTimeException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_NO_RIGHTS_FOR_REQUESTED_PRINCIPAL,
     LICENSING "NoRightsForRequestedPrincipalException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_INVALID_RIGHTS_LABEL_SIGNATURE, LICENSING "InvalidRightsLabelSignatureException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_ISSUANCE_LICENSE_NOT_WITHIN_VALID_TIME_RANGE,
     LICENSING "IssuanceLicenseIsNotWithinValidTimeRangeException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_RIGHTS_LABEL_NO_MATCHING_ISSUED_PRINCIPAL,
     LICENSING "RightsLabelNoMatchingIssuedPrincipalException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_ONLINE_PUBLISHING_DISABLED, LICENSING "OnlinePublishingDisabledException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_UNSIGNED_ISSUANCE_LICENSE_NO_MATCHING_ISSUED_PRINCIPAL,
     LICENSING "UnsignedIssuanceLicenseNoMatchingIssuedPrincipalException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_INVALID_OFFICIAL_RIGHTS_TEMPLATE,
     LICENSING "InvalidOfficialRightsTemplateException", E_DRM_SERVER_ERROR},
    {RMPR_FAULT_CRYPTO_UNSUPPORTED_SYM_KEY, CRYPTOGRAPHY "CryptoUnsupportedSymKeyException",
     E_DRM_SERVER_ERROR},
    {RMPR_FAULT_ENABLING_BITS_HASH_DOES_NOT_MATCH, RMS "EnablingBitsHashDoesNotMatchException",
     E_DRM_SERVER_ERROR},
};

const char *rmpr_fault_name(enum rmpr_fault fault)
{
    if ((unsigned)fault >= RMPR_FAULT_COUNT)
        return NULL;
    return faults[fault].name;
}

HRESULT rmpr_fault_hresult(const char *exception_name)
{
    if (exception_name == NULL)
        return E_DRM_SERVER_ERROR;
    for (size_t i = 0; i < RMPR_FAULT_COUNT; i++) {
        if (strcmp(faults[i].name, exception_name) == 0)
            return faults[i].hr;
    }
    return E_DRM_SERVER_ERROR;
}

HRESULT rmpr_write_fault(enum rmpr_fault fault, const char *text, char **message, size_t *length)
{
    const char *name = rmpr_fault_name(fault);
    if (name == NULL)
        return E_INVALIDARG;
    struct xml_text xml;
    xml_text_init(&xml);
    soap_write_fault(&xml, name, text);
    HRESULT hr = xml_text_status(&xml);
    if (FAILED(hr)) {
        xml_text_free(&xml);
        return hr;
    }
    *message = xml.text;
    *length = xml.length;
    return S_OK;
}
