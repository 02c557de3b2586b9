/*
 * openmsdrm - the exported functions of msdrm.dll (the SDK's msdrm.h),
 * written from the reference pack (spec/functions/, one page per function). Every function is
 * __stdcall and returns an HRESULT; buffer lengths are in characters
 * including the terminating NUL unless the function's page says bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_H
#define MSDRM_H

#include "msdrmdefs.h"
#include "msdrmerror.h"


DRMEXPORT HRESULT UDAPICALL DRMAcquireAdvisories(
    DRMHSESSION hLicenseStorage,             /* in */
    PWSTR       wszLicense,                  /* in */
    PWSTR       wszURL,                      /* in, optional */
    VOID *      pvContext                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMAcquireIssuanceLicenseTemplate(
    DRMHSESSION hClient,                     /* in */
    UINT        uFlags,                      /* in */
    VOID *      pvReserved,                  /* in */
    UINT        cTemplates,                  /* in */
    PWSTR *     pwszTemplateIds,             /* in, optional */
    PWSTR       wszUrl,                      /* in */
    VOID *      pvContext                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMAcquireLicense(
    DRMHSESSION hSession,                    /* in */
    UINT        uFlags,                      /* in */
    PWSTR       wszGroupIdentityCredential,  /* in */
    PWSTR       wszRequestedRights,          /* in */
    PWSTR       wszCustomData,               /* in */
    PWSTR       wszURL,                      /* in */
    VOID *      pvContext                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMActivate(
    DRMHSESSION        hClient,                     /* in */
    UINT               uFlags,                      /* in */
    UINT               uLangID,                     /* in */
    DRM_ACTSERV_INFO * pActServInfo,                /* in */
    VOID *             pvContext,                   /* in */
    HWND               hParentWnd                   /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMAddLicense(
    DRMHSESSION hLicenseStorage,             /* in */
    UINT        uFlags,                      /* in */
    PWSTR       wszLicense                   /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMAddRightWithUser(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    DRMPUBHANDLE hRight,                      /* in */
    DRMPUBHANDLE hUser                        /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMAttest(
    DRMHANDLE     hEnablingPrincipal,          /* in */
    PWSTR         wszData,                     /* in */
    DRMATTESTTYPE eType,                       /* in */
    UINT *        pcAttestedBlob,              /* in,out */
    PWSTR         wszAttestedBlob              /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCheckSecurity(
    DRMENVHANDLE hEnv,                        /* in */
    UINT         cLevel                       /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMClearAllRights(
    DRMPUBHANDLE hIssuanceLicense             /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMCloseEnvironmentHandle(
    DRMENVHANDLE hEnv                         /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMCloseHandle(
    DRMHANDLE handle                       /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMClosePubHandle(
    DRMPUBHANDLE hPub                         /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMCloseQueryHandle(
    DRMQUERYHANDLE hQuery                       /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMCloseSession(
    DRMHSESSION hSession                     /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMConstructCertificateChain(
    UINT    cCertificates,               /* in */
    PWSTR * rgwszCertificates,           /* in */
    UINT *  pcChain,                     /* in,out */
    PWSTR   wszChain                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateBoundLicense(
    DRMENVHANDLE            hEnv,                        /* in */
    DRMBOUNDLICENSEPARAMS * pParams,                     /* in */
    PWSTR                   wszLicenseChain,             /* in */
    DRMHANDLE *             phBoundLicense,              /* out */
    DRMHANDLE *             phErrorLog                   /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateClientSession(
    DRMCALLBACK   pfnCallback,                 /* in */
    UINT          uCallbackVersion,            /* in */
    PWSTR         wszGroupIDProviderType,      /* in */
    PWSTR         wszGroupID,                  /* in, optional */
    DRMHSESSION * phClient                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateEnablingBitsDecryptor(
    DRMHANDLE   hBoundLicense,               /* in */
    PWSTR       wszRight,                    /* in, optional */
    DRMHANDLE   hAuxLib,                     /* in */
    PWSTR       wszAuxPlug,                  /* in, optional */
    DRMHANDLE * phDecryptor                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateEnablingBitsEncryptor(
    DRMHANDLE   hBoundLicense,               /* in */
    PWSTR       wszRight,                    /* in, optional */
    DRMHANDLE   hAuxLib,                     /* in */
    PWSTR       wszAuxPlug,                  /* in, optional */
    DRMHANDLE * phEncryptor                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateEnablingPrincipal(
    DRMENVHANDLE hEnv,                        /* in */
    DRMHANDLE    hLibrary,                    /* in */
    PWSTR        wszObject,                   /* in */
    DRMID *      pidPrincipal,                /* in */
    PWSTR        wszCredentials,              /* in */
    DRMHANDLE *  phEnablingPrincipal          /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateIssuanceLicense(
    SYSTEMTIME *   pstTimeFrom,                 /* in */
    SYSTEMTIME *   pstTimeUntil,                /* in */
    PWSTR          wszReferralInfoName,         /* in */
    PWSTR          wszReferralInfoURL,          /* in */
    DRMPUBHANDLE   hOwner,                      /* in, optional */
    PWSTR          wszIssuanceLicense,          /* in */
    DRMHANDLE      hBoundLicense,               /* in */
    DRMPUBHANDLE * phIssuanceLicense            /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateLicenseStorageSession(
    DRMENVHANDLE  hEnv,                        /* in */
    DRMHANDLE     hDefaultLibrary,             /* in */
    DRMHSESSION   hClient,                     /* in */
    UINT          uFlags,                      /* in */
    PWSTR         wszIssuanceLicense,          /* in */
    DRMHSESSION * phLicenseStorage             /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateRight(
    PWSTR          wszRightName,                /* in */
    SYSTEMTIME *   pstFrom,                     /* in */
    SYSTEMTIME *   pstUntil,                    /* in */
    UINT           cExtendedInfo,               /* in */
    PWSTR *        pwszExtendedInfoName,        /* in */
    PWSTR *        pwszExtendedInfoValue,       /* in */
    DRMPUBHANDLE * phRight                      /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMCreateUser(
    PWSTR          wszUserName,                 /* in */
    PWSTR          wszUserId,                   /* in */
    PWSTR          wszUserIdType,               /* in */
    DRMPUBHANDLE * phUser                       /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDecode(
    PWSTR  wszAlgID,                    /* in */
    PWSTR  wszEncodedString,            /* in */
    UINT * puDecodedDataLen,            /* in */
    BYTE * pbDecodedData                /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDeconstructCertificateChain(
    PWSTR  wszChain,                    /* in */
    UINT   iWhich,                      /* in */
    UINT * pcCert,                      /* in,out */
    PWSTR  wszCert                      /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDecrypt(
    DRMHANDLE hCryptoProvider,             /* in */
    UINT      iPosition,                   /* in */
    UINT      cNumInBytes,                 /* in */
    BYTE *    pbInData,                    /* in */
    UINT *    pcNumOutBytes,               /* in,out */
    BYTE *    pbOutData                    /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDeleteLicense(
    DRMHSESSION hSession,                    /* in */
    PWSTR       wszLicenseId                 /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMDuplicateEnvironmentHandle(
    DRMENVHANDLE   hToCopy,                     /* in */
    DRMENVHANDLE * phCopy                       /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDuplicateHandle(
    DRMHANDLE   hToCopy,                     /* in */
    DRMHANDLE * phCopy                       /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDuplicatePubHandle(
    DRMPUBHANDLE   hPubIn,                      /* in */
    DRMPUBHANDLE * phPubOut                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMDuplicateSession(
    DRMHSESSION   hSessionIn,                  /* in */
    DRMHSESSION * phSessionOut                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMEncode(
    PWSTR  wszAlgID,                    /* in */
    UINT   uDataLen,                    /* in */
    BYTE * pbDecodedData,               /* in */
    UINT * puEncodedStringLen,          /* in,out */
    PWSTR  wszEncodedString             /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMEncrypt(
    DRMHANDLE hCryptoProvider,             /* in */
    UINT      iPosition,                   /* in */
    UINT      cNumInBytes,                 /* in */
    BYTE *    pbInData,                    /* in */
    UINT *    pcNumOutBytes,               /* in,out */
    BYTE *    pbOutData                    /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMEnumerateLicense(
    DRMHSESSION hSession,                    /* in */
    UINT        uFlags,                      /* in */
    UINT        uIndex,                      /* in */
    BOOL *      pfSharedFlag,                /* in,out */
    UINT *      puCertificateDataLen,        /* in,out */
    PWSTR       wszCertificateData           /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetApplicationSpecificData(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT         uIndex,                      /* in */
    UINT *       puNameLength,                /* in,out */
    PWSTR        wszName,                     /* out */
    UINT *       puValueLength,               /* in,out */
    PWSTR        wszValue                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetBoundLicenseAttribute(
    DRMHANDLE         hQueryRoot,                  /* in */
    PWSTR             wszAttribute,                /* in */
    UINT              iWhich,                      /* in */
    DRMENCODINGTYPE * peEncoding,                  /* out */
    UINT *            pcBuffer,                    /* in,out */
    BYTE *            pbBuffer                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetBoundLicenseAttributeCount(
    DRMHANDLE hQueryRoot,                  /* in */
    PWSTR     wszAttribute,                /* in */
    UINT *    pcAttributes                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetBoundLicenseObject(
    DRMHANDLE   hQueryRoot,                  /* in */
    PWSTR       wszSubObjectType,            /* in */
    UINT        iWhich,                      /* in */
    DRMHANDLE * phSubObject                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetBoundLicenseObjectCount(
    DRMHANDLE hQueryRoot,                  /* in */
    PWSTR     wszSubObjectType,            /* in */
    UINT *    pcSubObjects                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetCertificateChainCount(
    PWSTR  wszChain,                    /* in */
    UINT * pcCertCount                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetClientVersion(
    DRM_CLIENT_VERSION_INFO * pDRMClientVersionInfo        /* in,out: caller sets uStructVersion */
);

DRMEXPORT HRESULT UDAPICALL DRMGetEnvironmentInfo(
    DRMENVHANDLE      handle,                      /* in */
    PWSTR             wszAttribute,                /* in */
    DRMENCODINGTYPE * peEncoding,                  /* out */
    UINT *            pcBuffer,                    /* in,out */
    BYTE *            pbBuffer                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetInfo(
    DRMHANDLE         handle,                      /* in */
    PWSTR             wszAttribute,                /* in */
    DRMENCODINGTYPE * peEncoding,                  /* out */
    UINT *            pcBuffer,                    /* in,out */
    BYTE *            pbBuffer                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetIntervalTime(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT *       pcDays                       /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetIssuanceLicenseInfo(
    DRMPUBHANDLE   hIssuanceLicense,            /* in */
    SYSTEMTIME *   pstTimeFrom,                 /* out */
    SYSTEMTIME *   pstTimeUntil,                /* out */
    UINT           uFlags,                      /* in */
    UINT *         puDistributionPointNameLength, /* in,out */
    PWSTR          wszDistributionPointName,    /* out */
    UINT *         puDistributionPointURLLength, /* in,out */
    PWSTR          wszDistributionPointURL,     /* out */
    DRMPUBHANDLE * phOwner,                     /* out */
    BOOL *         pfOfficial                   /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetIssuanceLicenseTemplate(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT *       puIssuanceLicenseTemplateLength, /* in,out */
    PWSTR        wszIssuanceLicenseTemplate   /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetMetaData(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT *       puContentIdLength,           /* in,out */
    PWSTR        wszContentId,                /* out, optional */
    UINT *       puContentIdTypeLength,       /* in,out */
    PWSTR        wszContentIdType,            /* out, optional */
    UINT *       puSKUIdLength,               /* in,out, optional */
    PWSTR        wszSKUId,                    /* out, optional */
    UINT *       puSKUIdTypeLength,           /* in,out, optional */
    PWSTR        wszSKUIdType,                /* out, optional */
    UINT *       puContentTypeLength,         /* in,out, optional */
    PWSTR        wszContentType,              /* out, optional */
    UINT *       puContentNameLength,         /* in,out, optional */
    PWSTR        wszContentName               /* out, optional */
);

DRMEXPORT HRESULT UDAPICALL DRMGetNameAndDescription(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT         uIndex,                      /* in */
    UINT *       pulcid,                      /* out */
    UINT *       puNameLength,                /* in,out */
    PWSTR        wszName,                     /* out */
    UINT *       puDescriptionLength,         /* in,out */
    PWSTR        wszDescription               /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetOwnerLicense(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT *       puOwnerLicenseLength,        /* in,out */
    PWSTR        wszOwnerLicense              /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetProcAddress(
    DRMHANDLE hLibrary,                    /* in */
    PWSTR     wszProcName,                 /* in */
    FARPROC * ppfnProcAddress              /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetRevocationPoint(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT *       puIdLength,                  /* in,out */
    PWSTR        wszId,                       /* out */
    UINT *       puIdTypeLength,              /* in,out */
    PWSTR        wszIdType,                   /* out */
    UINT *       puURLLength,                 /* in,out */
    PWSTR        wszRL,                       /* out */
    SYSTEMTIME * pstFrequency,                /* out */
    UINT *       puNameLength,                /* in,out */
    PWSTR        wszName,                     /* out */
    UINT *       puPublicKeyLength,           /* in,out */
    PWSTR        wszPublicKey                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetRightExtendedInfo(
    DRMPUBHANDLE hRight,                      /* in */
    UINT         uIndex,                      /* in */
    UINT *       puExtendedInfoNameLength,    /* in,out */
    PWSTR        wszExtendedInfoName,         /* out */
    UINT *       puExtendedInfoValueLength,   /* in,out */
    PWSTR        wszExtendedInfoValue         /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetRightInfo(
    DRMPUBHANDLE hRight,                      /* in */
    UINT *       puRightNameLength,           /* in,out */
    PWSTR        wszRightName,                /* out */
    SYSTEMTIME * pstFrom,                     /* out */
    SYSTEMTIME * pstUntil                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetSecurityProvider(
    UINT   uFlags,                      /* in */
    UINT * puTypeLen,                   /* in,out */
    PWSTR  wszType,                     /* out */
    UINT * puPathLen,                   /* in,out */
    PWSTR  wszPath                      /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetServiceLocation(
    DRMHSESSION hClient,                     /* in, optional */
    UINT        uServiceType,                /* in */
    UINT        uServiceLocation,            /* in */
    PWSTR       wszIssuanceLicense,          /* in */
    UINT *      puServiceURLLength,          /* in,out */
    PWSTR       wszServiceURL                /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetSignedIssuanceLicense(
    DRMENVHANDLE hEnv,                        /* in */
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT         uFlags,                      /* in */
    BYTE *       pbSymKey,                    /* in */
    UINT         cbSymKey,                    /* in */
    PWSTR        wszSymKeyType,               /* in */
    PWSTR        wszClientLicensorCertificate, /* in */
    DRMCALLBACK  pfnCallback,                 /* in */
    PWSTR        wszURL,                      /* in */
    VOID *       pvContext                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMGetSignedIssuanceLicenseEx(
    DRMENVHANDLE hEnv,                        /* in */
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT         uFlags,                      /* in */
    BYTE *       pbSymKey,                    /* in */
    UINT         cbSymKey,                    /* in */
    PWSTR        wszSymKeyType,               /* in */
    PVOID        pvReserved,                  /* in */
    DRMHANDLE    hEnablingPrincipal,          /* in */
    DRMHANDLE    hBoundLicenseCLC,            /* in */
    DRMCALLBACK  pfnCallback,                 /* in */
    PVOID        pvContext                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMGetTime(
    DRMENVHANDLE hEnv,                        /* in */
    DRMTIMETYPE  eTimerIdType,                /* in */
    SYSTEMTIME * poTimeObject                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUnboundLicenseAttribute(
    DRMQUERYHANDLE    hQueryRoot,                  /* in */
    PWSTR             wszAttributeType,            /* in */
    UINT              iWhich,                      /* in */
    DRMENCODINGTYPE * peEncoding,                  /* out */
    UINT *            pcBuffer,                    /* in,out */
    BYTE *            pbBuffer                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUnboundLicenseAttributeCount(
    DRMQUERYHANDLE hQueryRoot,                  /* in */
    PWSTR          wszAttributeType,            /* in */
    UINT *         pcAttributes                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUnboundLicenseObject(
    DRMQUERYHANDLE   hQueryRoot,                  /* in */
    PWSTR            wszSubObjectType,            /* in */
    UINT             iIndex,                      /* in */
    DRMQUERYHANDLE * phSubQuery                   /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUnboundLicenseObjectCount(
    DRMQUERYHANDLE hQueryRoot,                  /* in */
    PWSTR          wszSubObjectType,            /* in */
    UINT *         pcSubObjects                 /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUsagePolicy(
    DRMPUBHANDLE           hIssuanceLicense,            /* in */
    UINT                   uIndex,                      /* in */
    DRM_USAGEPOLICY_TYPE * peUsagePolicyType,           /* out */
    BOOL *                 pfExclusion,                 /* out */
    UINT *                 puNameLength,                /* in,out */
    PWSTR                  wszName,                     /* out */
    UINT *                 puMinVersionLength,          /* in,out */
    PWSTR                  wszMinVersion,               /* out */
    UINT *                 puMaxVersionLength,          /* in,out */
    PWSTR                  wszMaxVersion,               /* out */
    UINT *                 puPublicKeyLength,           /* in,out */
    PWSTR                  wszPublicKey,                /* out */
    UINT *                 puDigestAlgorithmLength,     /* in,out */
    PWSTR                  wszDigestAlgorithm,          /* out */
    UINT *                 pcbDigest,                   /* in,out */
    BYTE *                 pbDigest                     /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUserInfo(
    DRMPUBHANDLE hUser,                       /* in */
    UINT *       puUserNameLength,            /* in,out */
    PWSTR        wszUserName,                 /* out */
    UINT *       puUserIdLength,              /* in,out */
    PWSTR        wszUserId,                   /* out */
    UINT *       puUserIdTypeLength,          /* in,out */
    PWSTR        wszUserIdType                /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUserRights(
    DRMPUBHANDLE   hIssuanceLicense,            /* in */
    DRMPUBHANDLE   hUser,                       /* in */
    UINT           uIndex,                      /* in */
    DRMPUBHANDLE * phRight                      /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMGetUsers(
    DRMPUBHANDLE   hIssuanceLicense,            /* in */
    UINT           uIndex,                      /* in */
    DRMPUBHANDLE * phUser                       /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMInitEnvironment(
    DRMSECURITYPROVIDERTYPE eSecurityProviderType,       /* in */
    DRMSPECTYPE             eSpecification,              /* in */
    PWSTR                   wszSecurityProvider,         /* in */
    PWSTR                   wszManifestCredentials,      /* in */
    PWSTR                   wszMachineCredentials,       /* in */
    DRMENVHANDLE *          phEnv,                       /* out */
    DRMHANDLE *             phDefaultLibrary             /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMIsActivated(
    DRMHSESSION        hClient,                     /* in */
    UINT               uFlags,                      /* in */
    DRM_ACTSERV_INFO * pActServInfo                 /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMIsWindowProtected(
    HWND   hwnd,                        /* in */
    BOOL * pfProtected                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMLoadLibrary(
    DRMENVHANDLE hEnv,                        /* in */
    DRMSPECTYPE  eSpecification,              /* in */
    PWSTR        wszLibraryProvider,          /* in */
    PWSTR        wszCredentials,              /* in */
    DRMHANDLE *  phLibrary                    /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMParseUnboundLicense(
    PWSTR            wszCertificate,              /* in */
    DRMQUERYHANDLE * phQueryRoot                  /* out */
);

DRMEXPORT HRESULT UDAPICALL DRMRegisterContent(
    BOOL fRegister                    /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMRegisterProtectedWindow(
    DRMENVHANDLE hEnv,                        /* in */
    HWND         hwnd                         /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMRegisterRevocationList(
    DRMENVHANDLE hEnv,                        /* in */
    PWSTR        wszRevocationList            /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMRepair(void);

DRMEXPORT HRESULT UDAPICALL DRMSetApplicationSpecificData(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    BOOL         fDelete,                     /* in */
    PWSTR        wszName,                     /* in */
    PWSTR        wszValue                     /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMSetGlobalOptions(
    DRMGLOBALOPTIONS eGlobalOptions,              /* in */
    LPVOID           pvdata,                      /* in */
    DWORD            dwlen                        /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMSetIntervalTime(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    UINT         cDays                        /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMSetMetaData(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    PWSTR        wszContentId,                /* in */
    PWSTR        wszContentIdType,            /* in */
    PWSTR        wszSKUId,                    /* in, optional */
    PWSTR        wszSKUIdType,                /* in, optional */
    PWSTR        wszContentType,              /* in, optional */
    PWSTR        wszContentName               /* in, optional */
);

DRMEXPORT HRESULT UDAPICALL DRMSetNameAndDescription(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    BOOL         fDelete,                     /* in */
    UINT         lcid,                        /* in */
    PWSTR        wszName,                     /* in */
    PWSTR        wszDescription               /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMSetRevocationPoint(
    DRMPUBHANDLE hIssuanceLicense,            /* in */
    BOOL         fDelete,                     /* in */
    PWSTR        wszId,                       /* in */
    PWSTR        wszIdType,                   /* in */
    PWSTR        wszURL,                      /* in */
    SYSTEMTIME * pstFrequency,                /* in */
    PWSTR        wszName,                     /* in */
    PWSTR        wszPublicKey                 /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMSetUsagePolicy(
    DRMPUBHANDLE         hIssuanceLicense,            /* in */
    DRM_USAGEPOLICY_TYPE eUsagePolicyType,            /* in */
    BOOL                 fDelete,                     /* in */
    BOOL                 fExclusion,                  /* in */
    PWSTR                wszName,                     /* in */
    PWSTR                wszMinVersion,               /* in */
    PWSTR                wszMaxVersion,               /* in */
    PWSTR                wszPublicKey,                /* in */
    PWSTR                wszDigestAlgorithm,          /* in */
    BYTE *               pbDigest,                    /* in */
    UINT                 cbDigest                     /* in */
);

DRMEXPORT HRESULT UDAPICALL DRMVerify(
    PWSTR           wszData,                     /* in */
    UINT *          pcAttestedData,              /* in,out */
    PWSTR           wszAttestedData,             /* out */
    DRMATTESTTYPE * peType,                      /* out */
    UINT *          pcPrincipal,                 /* in,out */
    PWSTR           wszPrincipal,                /* out */
    UINT *          pcManifest,                  /* in,out */
    PWSTR           wszManifest                  /* out */
);


#endif /* MSDRM_H */
