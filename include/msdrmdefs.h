/*
 * openmsdrm - types, enumerations, structures and constants of the AD RMS
 * client 1.0 API (the SDK's msdrmdefs.h), written from the reference pack
 * (spec/types.md). Values are the Windows SDK's, not mingw-w64's: in
 * particular DRM_STATUS_MSG follows the SDK order.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRMDEFS_H
#define MSDRMDEFS_H

#ifdef _WIN32
#include <windows.h>
/* Wide string literal of the ABI's UTF-16 type (L"" on Windows). */
#define MSDRM_WSTR(s) L##s
#else
#include "msdrm_wintypes.h"
#define MSDRM_WSTR(s) u##s
#endif

/* Every export is __stdcall (undecorated names in the DLL's export table). */
#define UDAPICALL __stdcall

/*
 * The SDK marks declarations __declspec(dllexport) in C. We declare them
 * plainly: the export list is msdrm.def, and a dllexport declaration would
 * make the linker export decorated duplicates on x86.
 */
#ifdef __cplusplus
#define DRMEXPORT extern "C"
#else
#define DRMEXPORT extern
#endif

/* Handles: 32-bit values on x86 and x64 alike; 0 is invalid for every kind. */
typedef ULONG DRMHANDLE;      /* libraries, bound licenses, principals, crypto objects */
typedef ULONG DRMQUERYHANDLE; /* unbound-license query objects */
typedef ULONG DRMENVHANDLE;   /* secure environments */
typedef ULONG DRMHSESSION;    /* client and license storage sessions */
typedef ULONG DRMPUBHANDLE;   /* issuance licenses, rights, users */

#define DRMHANDLE_INVALID 0
#define DRMENVHANDLE_INVALID 0
#define DRMQUERYHANDLE_INVALID 0
#define DRMHSESSION_INVALID 0
#define DRMPUBHANDLE_INVALID 0

typedef enum _DRMTIMETYPE {
    DRMTIMETYPE_SYSTEMUTC,
    DRMTIMETYPE_SYSTEMLOCAL
} DRMTIMETYPE;

typedef enum _DRMENCODINGTYPE {
    DRMENCODINGTYPE_BASE64,
    DRMENCODINGTYPE_STRING,
    DRMENCODINGTYPE_LONG,
    DRMENCODINGTYPE_TIME,
    DRMENCODINGTYPE_UINT,
    DRMENCODINGTYPE_RAW
} DRMENCODINGTYPE;

typedef enum _DRMATTESTTYPE {
    DRMATTESTTYPE_FULLENVIRONMENT,
    DRMATTESTTYPE_HASHONLY
} DRMATTESTTYPE;

typedef enum _DRMSPECTYPE {
    DRMSPECTYPE_UNKNOWN,
    DRMSPECTYPE_FILENAME
} DRMSPECTYPE;

typedef enum _DRMSECURITYPROVIDERTYPE {
    DRMSECURITYPROVIDERTYPE_SOFTWARESECREP
} DRMSECURITYPROVIDERTYPE;

typedef enum _DRMGLOBALOPTIONS {
    DRMGLOBALOPTIONS_USE_WINHTTP,
    DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR
} DRMGLOBALOPTIONS;

/* SDK order (spec/types.md §2); mingw-w64 shifts the last four. */
typedef enum _DRM_STATUS_MSG {
    DRM_MSG_ACTIVATE_MACHINE,
    DRM_MSG_ACTIVATE_GROUPIDENTITY,
    DRM_MSG_ACQUIRE_LICENSE,
    DRM_MSG_ACQUIRE_ADVISORY,
    DRM_MSG_SIGN_ISSUANCE_LICENSE,
    DRM_MSG_ACQUIRE_CLIENTLICENSOR,
    DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE
} DRM_STATUS_MSG;

typedef enum _DRM_USAGEPOLICY_TYPE {
    DRM_USAGEPOLICY_TYPE_BYNAME,
    DRM_USAGEPOLICY_TYPE_BYPUBLICKEY,
    DRM_USAGEPOLICY_TYPE_BYDIGEST,
    DRM_USAGEPOLICY_TYPE_OSEXCLUSION
} DRM_USAGEPOLICY_TYPE;

typedef enum _DRM_DISTRIBUTION_POINT_INFO {
    DRM_DISTRIBUTION_POINT_LICENSE_ACQUISITION,
    DRM_DISTRIBUTION_POINT_PUBLISHING,
    DRM_DISTRIBUTION_POINT_REFERRAL_INFO
} DRM_DISTRIBUTION_POINT_INFO;

/* Structure and callback versions (const UINT / const DWORD in the SDK). */
#define DRMIDVERSION 0
#define DRMBOUNDLICENSEPARAMSVERSION 1
#define DRMBINDINGFLAGS_IGNORE_VALIDITY_INTERVALS 0x1
#define DRMLICENSEACQDATAVERSION 0
#define DRMACTSERVINFOVERSION 0
#define DRMCLIENTSTRUCTVERSION 1
#define DRMCALLBACKVERSION 1

typedef struct _DRMID {
    UINT uVersion;
    PWSTR wszIDType;
    PWSTR wszID;
#ifdef __cplusplus
    _DRMID() : uVersion(DRMIDVERSION), wszIDType(NULL), wszID(NULL) {}
    _DRMID(PWSTR type, PWSTR id) : uVersion(DRMIDVERSION), wszIDType(type), wszID(id) {}
#endif
} DRMID;

typedef struct _DRMBOUNDLICENSEPARAMS {
    UINT uVersion;
    DRMHANDLE hEnablingPrincipal;
    DRMHANDLE hSecureStore;
    PWSTR wszRightsRequested;
    PWSTR wszRightsGroup;
    DRMID idResource;
    UINT cAuthenticatorCount;
    DRMHANDLE *rghAuthenticators;
    PWSTR wszDefaultEnablingPrincipalCredentials;
    DWORD dwFlags;
#ifdef __cplusplus
    _DRMBOUNDLICENSEPARAMS()
        : uVersion(DRMBOUNDLICENSEPARAMSVERSION), hEnablingPrincipal(DRMHANDLE_INVALID),
          hSecureStore(DRMHANDLE_INVALID), wszRightsRequested(NULL), wszRightsGroup(NULL),
          idResource(), cAuthenticatorCount(0), rghAuthenticators(NULL),
          wszDefaultEnablingPrincipalCredentials(NULL), dwFlags(0) {}
#endif
} DRMBOUNDLICENSEPARAMS;

typedef struct _DRM_LICENSE_ACQ_DATA {
    UINT uVersion;
    PWSTR wszURL;
    PWSTR wszLocalFilename;
    BYTE *pbPostData;
    DWORD dwPostDataSize;
    PWSTR wszFriendlyName;
} DRM_LICENSE_ACQ_DATA;

typedef struct _DRM_ACTSERV_INFO {
    UINT uVersion;
    PWSTR wszPubKey;
    PWSTR wszURL;
} DRM_ACTSERV_INFO;

typedef struct _DRM_CLIENT_VERSION_INFO {
    UINT uStructVersion;
    DWORD dwVersion[4];
    WCHAR wszHierarchy[256];
    WCHAR wszProductId[256];
    WCHAR wszProductDescription[256];
} DRM_CLIENT_VERSION_INFO;

/* Asynchronous status callback (spec/types.md §4). */
typedef HRESULT(__stdcall *DRMCALLBACK)(DRM_STATUS_MSG msg, HRESULT hr, void *pvParam,
                                         void *pvContext);

/* DRMAcquireLicense uFlags */
#define DRM_AL_NONSILENT 0x01
#define DRM_AL_NOPERSIST 0x02
#define DRM_AL_CANCEL 0x04
#define DRM_AL_FETCHNOADVISORY 0x08
#define DRM_AL_NOUI 0x10

/* DRMActivate / DRMIsActivated uFlags */
#define DRM_ACTIVATE_MACHINE 0x01
#define DRM_ACTIVATE_GROUPIDENTITY 0x02
#define DRM_ACTIVATE_TEMPORARY 0x04
#define DRM_ACTIVATE_CANCEL 0x08
#define DRM_ACTIVATE_SILENT 0x10
#define DRM_ACTIVATE_SHARED_GROUPIDENTITY 0x20
#define DRM_ACTIVATE_DELAYED 0x40

/* DRMEnumerateLicense uFlags */
#define DRM_EL_MACHINE 0x0001
#define DRM_EL_GROUPIDENTITY 0x0002
#define DRM_EL_GROUPIDENTITY_NAME 0x0004
#define DRM_EL_GROUPIDENTITY_LID 0x0008
#define DRM_EL_SPECIFIED_GROUPIDENTITY 0x0010
#define DRM_EL_EUL 0x0020
#define DRM_EL_EUL_LID 0x0040
#define DRM_EL_CLIENTLICENSOR 0x0080
#define DRM_EL_CLIENTLICENSOR_LID 0x0100
#define DRM_EL_SPECIFIED_CLIENTLICENSOR 0x0200
#define DRM_EL_REVOCATIONLIST 0x0400
#define DRM_EL_REVOCATIONLIST_LID 0x0800
#define DRM_EL_EXPIRED 0x1000
#define DRM_EL_ISSUERNAME 0x2000
#define DRM_EL_ISSUANCELICENSE_TEMPLATE 0x4000
#define DRM_EL_ISSUANCELICENSE_TEMPLATE_LID 0x8000

/* DRMAddLicense uFlags */
#define DRM_ADD_LICENSE_NOPERSIST 0x00
#define DRM_ADD_LICENSE_PERSIST 0x01

/* DRMGetServiceLocation uServiceType and uServiceLocation */
#define DRM_SERVICE_TYPE_ACTIVATION 0x01
#define DRM_SERVICE_TYPE_CERTIFICATION 0x02
#define DRM_SERVICE_TYPE_PUBLISHING 0x04
#define DRM_SERVICE_TYPE_CLIENTLICENSOR 0x08
#define DRM_SERVICE_TYPE_SILENT 0x10
#define DRM_SERVICE_LOCATION_INTERNET 0x01
#define DRM_SERVICE_LOCATION_ENTERPRISE 0x02

/* DRMCreateClientSession wszGroupIDProviderType */
#define DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH MSDRM_WSTR("WindowsAuthProvider")
#define DRM_DEFAULTGROUPIDTYPE_PASSPORT MSDRM_WSTR("PassportAuthProvider")

/* DRMGetSignedIssuanceLicense[Ex] uFlags */
#define DRM_SIGN_ONLINE 0x01
#define DRM_SIGN_OFFLINE 0x02
#define DRM_SIGN_CANCEL 0x04
#define DRM_SERVER_ISSUANCELICENSE 0x08
#define DRM_AUTO_GENERATE_KEY 0x10
#define DRM_OWNER_LICENSE_NOPERSIST 0x20
#define DRM_REUSE_KEY 0x40

/* Lockbox types (no documented function takes them) */
#define DRM_LOCKBOXTYPE_NONE 0x00
#define DRM_LOCKBOXTYPE_WHITEBOX 0x01
#define DRM_LOCKBOXTYPE_BLACKBOX 0x02
#define DRM_LOCKBOXTYPE_DEFAULT DRM_LOCKBOXTYPE_BLACKBOX

/* DRMAcquireIssuanceLicenseTemplate uFlags */
#define DRM_AILT_NONSILENT 0x01
#define DRM_AILT_OBTAIN_ALL 0x02
#define DRM_AILT_CANCEL 0x04

/* HRESULT code zones: codes are MAKE_HRESULT(sev, FACILITY_ITF, zone + n). */
#define MSDRM_CLIENT_ZONE 0xCF00
#define MSDRM_POLICY_ZONE 0x9300

#endif /* MSDRMDEFS_H */
