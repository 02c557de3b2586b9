/*
 * openmsdrm - exports: certificate chains and encodings.
 *
 * Certificate chains are split and joined by document boundaries; the
 * documents themselves are not parsed here (README, status table).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "api/api.h"

#include "xrml/certificate_chain.h"
#include "util/encoding.h"

HRESULT UDAPICALL DRMConstructCertificateChain(UINT cCertificates, PWSTR *rgwszCertificates,
                                               UINT *pcChain, PWSTR wszChain)
{
    TRACE_CALL(T_UINT(cCertificates), T_PTR(rgwszCertificates), T_PTR(pcChain), T_PTR(wszChain));
    if (cCertificates == 0 || rgwszCertificates == NULL || pcChain == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(chain_construct(cCertificates, rgwszCertificates, pcChain, wszChain));
}

HRESULT UDAPICALL DRMDeconstructCertificateChain(PWSTR wszChain, UINT iWhich, UINT *pcCert,
                                                 PWSTR wszCert)
{
    TRACE_CALL(T_PTR(wszChain), T_UINT(iWhich), T_PTR(pcCert), T_PTR(wszCert));
    if (wszChain == NULL || pcCert == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(chain_get(wszChain, iWhich, pcCert, wszCert));
}

HRESULT UDAPICALL DRMGetCertificateChainCount(PWSTR wszChain, UINT *pcCertCount)
{
    TRACE_CALL(T_PTR(wszChain), T_PTR(pcCertCount));
    if (wszChain == NULL || pcCertCount == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    return TRACE_RETURN(chain_count(wszChain, pcCertCount));
}

HRESULT UDAPICALL DRMEncode(PWSTR wszAlgID, UINT uDataLen, BYTE *pbDecodedData,
                            UINT *puEncodedStringLen, PWSTR wszEncodedString)
{
    TRACE_CALL(T_WSTR(wszAlgID), T_UINT(uDataLen), T_PTR(pbDecodedData), T_PTR(puEncodedStringLen),
               T_PTR(wszEncodedString));
    if (wszAlgID == NULL || puEncodedStringLen == NULL || (pbDecodedData == NULL && uDataLen > 0))
        return TRACE_RETURN(E_INVALIDARG);
    if (!encoding_is_base64(wszAlgID))
        return TRACE_RETURN(E_DRM_INVALID_ALGORITHM_TYPE);
    return TRACE_RETURN(
        encoding_encode(pbDecodedData, uDataLen, puEncodedStringLen, wszEncodedString));
}

HRESULT UDAPICALL DRMDecode(PWSTR wszAlgID, PWSTR wszEncodedString, UINT *puDecodedDataLen,
                            BYTE *pbDecodedData)
{
    TRACE_CALL(T_WSTR(wszAlgID), T_WSTR(wszEncodedString), T_PTR(puDecodedDataLen),
               T_PTR(pbDecodedData));
    if (wszAlgID == NULL || wszEncodedString == NULL || puDecodedDataLen == NULL)
        return TRACE_RETURN(E_INVALIDARG);
    if (!encoding_is_base64(wszAlgID))
        return TRACE_RETURN(E_DRM_INVALID_ALGORITHM_TYPE);
    return TRACE_RETURN(encoding_decode(wszEncodedString, puDecodedDataLen, pbDecodedData));
}
