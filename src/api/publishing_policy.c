/*
 * openmsdrm - exports: issuance-license metadata and policies.
 *
 * Not implemented yet: each export traces its call and returns E_NOTIMPL
 * without touching its out-parameters (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

HRESULT UDAPICALL DRMSetMetaData(DRMPUBHANDLE hIssuanceLicense, PWSTR wszContentId,
                                 PWSTR wszContentIdType, PWSTR wszSKUId, PWSTR wszSKUIdType,
                                 PWSTR wszContentType, PWSTR wszContentName)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_WSTR(wszContentId), T_WSTR(wszContentIdType),
               T_WSTR(wszSKUId), T_WSTR(wszSKUIdType), T_WSTR(wszContentType),
               T_WSTR(wszContentName));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetMetaData(DRMPUBHANDLE hIssuanceLicense, UINT *puContentIdLength,
                                 PWSTR wszContentId, UINT *puContentIdTypeLength,
                                 PWSTR wszContentIdType, UINT *puSKUIdLength, PWSTR wszSKUId,
                                 UINT *puSKUIdTypeLength, PWSTR wszSKUIdType,
                                 UINT *puContentTypeLength, PWSTR wszContentType,
                                 UINT *puContentNameLength, PWSTR wszContentName)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(puContentIdLength), T_PTR(wszContentId),
               T_PTR(puContentIdTypeLength), T_PTR(wszContentIdType), T_PTR(puSKUIdLength),
               T_PTR(wszSKUId), T_PTR(puSKUIdTypeLength), T_PTR(wszSKUIdType),
               T_PTR(puContentTypeLength), T_PTR(wszContentType), T_PTR(puContentNameLength),
               T_PTR(wszContentName));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetUsagePolicy(DRMPUBHANDLE hIssuanceLicense,
                                    DRM_USAGEPOLICY_TYPE eUsagePolicyType, BOOL fDelete,
                                    BOOL fExclusion, PWSTR wszName, PWSTR wszMinVersion,
                                    PWSTR wszMaxVersion, PWSTR wszPublicKey,
                                    PWSTR wszDigestAlgorithm, BYTE *pbDigest, UINT cbDigest)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_INT(eUsagePolicyType), T_INT(fDelete),
               T_INT(fExclusion), T_WSTR(wszName), T_WSTR(wszMinVersion), T_WSTR(wszMaxVersion),
               T_WSTR(wszPublicKey), T_WSTR(wszDigestAlgorithm), T_PTR(pbDigest), T_UINT(cbDigest));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetUsagePolicy(DRMPUBHANDLE hIssuanceLicense, UINT uIndex,
                                    DRM_USAGEPOLICY_TYPE *peUsagePolicyType, BOOL *pfExclusion,
                                    UINT *puNameLength, PWSTR wszName, UINT *puMinVersionLength,
                                    PWSTR wszMinVersion, UINT *puMaxVersionLength,
                                    PWSTR wszMaxVersion, UINT *puPublicKeyLength,
                                    PWSTR wszPublicKey, UINT *puDigestAlgorithmLength,
                                    PWSTR wszDigestAlgorithm, UINT *pcbDigest, BYTE *pbDigest)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_UINT(uIndex), T_PTR(peUsagePolicyType),
               T_PTR(pfExclusion), T_PTR(puNameLength), T_PTR(wszName), T_PTR(puMinVersionLength),
               T_PTR(wszMinVersion), T_PTR(puMaxVersionLength), T_PTR(wszMaxVersion),
               T_PTR(puPublicKeyLength), T_PTR(wszPublicKey), T_PTR(puDigestAlgorithmLength),
               T_PTR(wszDigestAlgorithm), T_PTR(pcbDigest), T_PTR(pbDigest));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetNameAndDescription(DRMPUBHANDLE hIssuanceLicense, BOOL fDelete, UINT lcid,
                                           PWSTR wszName, PWSTR wszDescription)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_INT(fDelete), T_UINT(lcid), T_WSTR(wszName),
               T_WSTR(wszDescription));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetNameAndDescription(DRMPUBHANDLE hIssuanceLicense, UINT uIndex, UINT *pulcid,
                                           UINT *puNameLength, PWSTR wszName,
                                           UINT *puDescriptionLength, PWSTR wszDescription)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_UINT(uIndex), T_PTR(pulcid), T_PTR(puNameLength),
               T_PTR(wszName), T_PTR(puDescriptionLength), T_PTR(wszDescription));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetRevocationPoint(DRMPUBHANDLE hIssuanceLicense, BOOL fDelete, PWSTR wszId,
                                        PWSTR wszIdType, PWSTR wszURL, SYSTEMTIME *pstFrequency,
                                        PWSTR wszName, PWSTR wszPublicKey)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_INT(fDelete), T_WSTR(wszId), T_WSTR(wszIdType),
               T_WSTR(wszURL), T_PTR(pstFrequency), T_WSTR(wszName), T_WSTR(wszPublicKey));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetRevocationPoint(DRMPUBHANDLE hIssuanceLicense, UINT *puIdLength,
                                        PWSTR wszId, UINT *puIdTypeLength, PWSTR wszIdType,
                                        UINT *puURLLength, PWSTR wszRL, SYSTEMTIME *pstFrequency,
                                        UINT *puNameLength, PWSTR wszName, UINT *puPublicKeyLength,
                                        PWSTR wszPublicKey)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(puIdLength), T_PTR(wszId), T_PTR(puIdTypeLength),
               T_PTR(wszIdType), T_PTR(puURLLength), T_PTR(wszRL), T_PTR(pstFrequency),
               T_PTR(puNameLength), T_PTR(wszName), T_PTR(puPublicKeyLength), T_PTR(wszPublicKey));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetApplicationSpecificData(DRMPUBHANDLE hIssuanceLicense, BOOL fDelete,
                                                PWSTR wszName, PWSTR wszValue)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_INT(fDelete), T_WSTR(wszName), T_WSTR(wszValue));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetApplicationSpecificData(DRMPUBHANDLE hIssuanceLicense, UINT uIndex,
                                                UINT *puNameLength, PWSTR wszName,
                                                UINT *puValueLength, PWSTR wszValue)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_UINT(uIndex), T_PTR(puNameLength), T_PTR(wszName),
               T_PTR(puValueLength), T_PTR(wszValue));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMSetIntervalTime(DRMPUBHANDLE hIssuanceLicense, UINT cDays)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_UINT(cDays));
    return TRACE_RETURN(E_NOTIMPL);
}

HRESULT UDAPICALL DRMGetIntervalTime(DRMPUBHANDLE hIssuanceLicense, UINT *pcDays)
{
    TRACE_CALL(T_HANDLE(hIssuanceLicense), T_PTR(pcDays));
    return TRACE_RETURN(E_NOTIMPL);
}
