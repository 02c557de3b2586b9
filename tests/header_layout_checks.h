/*
 * Compile-time checks of the public headers, included by a C and a C++
 * translation unit (test_headers.c, test_headers_cpp.cpp) on every build:
 * sizes and offsets from spec/types.md §3 for x86 and x64, the SDK order of
 * DRM_STATUS_MSG (§2) and the ABI's integer widths (§1).
 */
#ifndef MSDRM_TEST_HEADER_LAYOUT_CHECKS_H
#define MSDRM_TEST_HEADER_LAYOUT_CHECKS_H

#include <stddef.h>

#include "msdrm.h"
#include "msdrmgetinfo.h"

#ifdef __cplusplus
#define LAYOUT_ASSERT(expression) static_assert(expression, #expression)
#else
#define LAYOUT_ASSERT(expression) _Static_assert(expression, #expression)
#endif

#define PTR64 (sizeof(void *) == 8)
/* The documented offset for this build's pointer width. */
#define AT(x86, x64) ((size_t)(PTR64 ? (x64) : (x86)))

LAYOUT_ASSERT(sizeof(void *) == 4 || sizeof(void *) == 8);

/* §1: handles are 32-bit on both architectures; WCHAR is UTF-16. */
LAYOUT_ASSERT(sizeof(DRMHANDLE) == 4);
LAYOUT_ASSERT(sizeof(DRMQUERYHANDLE) == 4);
LAYOUT_ASSERT(sizeof(DRMENVHANDLE) == 4);
LAYOUT_ASSERT(sizeof(DRMHSESSION) == 4);
LAYOUT_ASSERT(sizeof(DRMPUBHANDLE) == 4);
LAYOUT_ASSERT(sizeof(WCHAR) == 2);
LAYOUT_ASSERT(sizeof(HRESULT) == 4);
LAYOUT_ASSERT(sizeof(UINT) == 4 && sizeof(DWORD) == 4 && sizeof(BOOL) == 4);
LAYOUT_ASSERT(sizeof(DRM_STATUS_MSG) == 4);
LAYOUT_ASSERT(sizeof(SYSTEMTIME) == 16);

/* §2: the SDK's order, not mingw-w64's. */
LAYOUT_ASSERT(DRM_MSG_ACTIVATE_MACHINE == 0);
LAYOUT_ASSERT(DRM_MSG_ACTIVATE_GROUPIDENTITY == 1);
LAYOUT_ASSERT(DRM_MSG_ACQUIRE_LICENSE == 2);
LAYOUT_ASSERT(DRM_MSG_ACQUIRE_ADVISORY == 3);
LAYOUT_ASSERT(DRM_MSG_SIGN_ISSUANCE_LICENSE == 4);
LAYOUT_ASSERT(DRM_MSG_ACQUIRE_CLIENTLICENSOR == 5);
LAYOUT_ASSERT(DRM_MSG_ACQUIRE_ISSUANCE_LICENSE_TEMPLATE == 6);
LAYOUT_ASSERT(DRMENCODINGTYPE_RAW == 5);
LAYOUT_ASSERT(DRM_USAGEPOLICY_TYPE_OSEXCLUSION == 3);
LAYOUT_ASSERT(DRM_DISTRIBUTION_POINT_REFERRAL_INFO == 2);
LAYOUT_ASSERT(DRMGLOBALOPTIONS_USE_SERVERSECURITYPROCESSOR == 1);

/* §3: DRMID */
LAYOUT_ASSERT(offsetof(DRMID, uVersion) == 0);
LAYOUT_ASSERT(offsetof(DRMID, wszIDType) == AT(4, 8));
LAYOUT_ASSERT(offsetof(DRMID, wszID) == AT(8, 16));
LAYOUT_ASSERT(sizeof(DRMID) == AT(12, 24));

/* §3: DRMBOUNDLICENSEPARAMS */
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, uVersion) == 0);
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, hEnablingPrincipal) == 4);
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, hSecureStore) == 8);
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, wszRightsRequested) == AT(12, 16));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, wszRightsGroup) == AT(16, 24));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, idResource) == AT(20, 32));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, cAuthenticatorCount) == AT(32, 56));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, rghAuthenticators) == AT(36, 64));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, wszDefaultEnablingPrincipalCredentials) ==
              AT(40, 72));
LAYOUT_ASSERT(offsetof(DRMBOUNDLICENSEPARAMS, dwFlags) == AT(44, 80));
LAYOUT_ASSERT(sizeof(DRMBOUNDLICENSEPARAMS) == AT(48, 88));

/* §3: DRM_LICENSE_ACQ_DATA */
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, uVersion) == 0);
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, wszURL) == AT(4, 8));
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, wszLocalFilename) == AT(8, 16));
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, pbPostData) == AT(12, 24));
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, dwPostDataSize) == AT(16, 32));
LAYOUT_ASSERT(offsetof(DRM_LICENSE_ACQ_DATA, wszFriendlyName) == AT(20, 40));
LAYOUT_ASSERT(sizeof(DRM_LICENSE_ACQ_DATA) == AT(24, 48));

/* §3: DRM_ACTSERV_INFO */
LAYOUT_ASSERT(offsetof(DRM_ACTSERV_INFO, uVersion) == 0);
LAYOUT_ASSERT(offsetof(DRM_ACTSERV_INFO, wszPubKey) == AT(4, 8));
LAYOUT_ASSERT(offsetof(DRM_ACTSERV_INFO, wszURL) == AT(8, 16));
LAYOUT_ASSERT(sizeof(DRM_ACTSERV_INFO) == AT(12, 24));

/* §3: DRM_CLIENT_VERSION_INFO, the same on both architectures */
LAYOUT_ASSERT(offsetof(DRM_CLIENT_VERSION_INFO, uStructVersion) == 0);
LAYOUT_ASSERT(offsetof(DRM_CLIENT_VERSION_INFO, dwVersion) == 4);
LAYOUT_ASSERT(offsetof(DRM_CLIENT_VERSION_INFO, wszHierarchy) == 20);
LAYOUT_ASSERT(offsetof(DRM_CLIENT_VERSION_INFO, wszProductId) == 532);
LAYOUT_ASSERT(offsetof(DRM_CLIENT_VERSION_INFO, wszProductDescription) == 1044);
LAYOUT_ASSERT(sizeof(DRM_CLIENT_VERSION_INFO) == 1556);

/* §5: a sample of the #define constants */
LAYOUT_ASSERT(DRM_ACTIVATE_MACHINE == 0x01 && DRM_ACTIVATE_SILENT == 0x10);
LAYOUT_ASSERT(DRM_ACTIVATE_DELAYED == 0x40);
LAYOUT_ASSERT(DRM_EL_MACHINE == 0x0001 && DRM_EL_ISSUANCELICENSE_TEMPLATE_LID == 0x8000);
LAYOUT_ASSERT(DRM_SERVICE_TYPE_SILENT == 0x10 && DRM_SERVICE_LOCATION_ENTERPRISE == 0x02);
LAYOUT_ASSERT(DRM_SIGN_OFFLINE == 0x02 && DRM_REUSE_KEY == 0x40);
LAYOUT_ASSERT(DRM_AL_NOUI == 0x10 && DRM_AILT_CANCEL == 0x04);
LAYOUT_ASSERT(DRM_LOCKBOXTYPE_DEFAULT == DRM_LOCKBOXTYPE_BLACKBOX);
LAYOUT_ASSERT(DRMCALLBACKVERSION == 1 && DRMCLIENTSTRUCTVERSION == 1);
LAYOUT_ASSERT(DRMBOUNDLICENSEPARAMSVERSION == 1 && DRMIDVERSION == 0);

#endif /* MSDRM_TEST_HEADER_LAYOUT_CHECKS_H */
