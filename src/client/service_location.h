/*
 * openmsdrm - DRMGetServiceLocation: where the AD RMS services are.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_SERVICE_LOCATION_H
#define MSDRM_SERVICE_LOCATION_H

#include "msdrmdefs.h"

/*
 * The URL of service `type` (one DRM_SERVICE_TYPE_* without SILENT) at
 * `location`, by functions/DRMGetServiceLocation.md's decision table, as a
 * heap UTF-16 string (free with free). Sources, in order: the registry key
 * HKLM\SOFTWARE\Microsoft\MSDRM\ServiceLocation\<Activation |
 * EnterprisePublishing | CloudPublishing>, then the environment variable
 * MSDRM_SERVICE_LOCATION_<ACTIVATION | ENTERPRISEPUBLISHING |
 * CLOUDPUBLISHING> (for test rigs). E_DRM_USE_DEFAULT for certification
 * on the Internet without an issuance license; E_DRM_SERVICE_NOT_FOUND
 * when nothing is configured (Active Directory and Passport discovery are
 * not available); E_NOTIMPL where the issuance license would have to be
 * read and its server asked.
 */
HRESULT service_location_find(UINT type, UINT location, const WCHAR *issuance_license, WCHAR **url);

#endif /* MSDRM_SERVICE_LOCATION_H */
