/*
 * openmsdrm - status and error codes of the AD RMS client 1.0 API (the
 * SDK's msdrmerror.h), written from the reference pack (spec/errors.md).
 *
 * The real msdrmerror.h is not public; these values agree in two
 * Microsoft-authored sources (the SDK's error-code page and WPF's
 * RightsManagementFailureCode) unless a comment says otherwise.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRMERROR_H
#define MSDRMERROR_H

#ifdef _WIN32
#include <windows.h>
#else
#include "msdrm_wintypes.h"
#endif

#define MSDRM_HRESULT(v) ((HRESULT)(v))

/* Buffer too small: HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER). */
#define E_DRM_INSUFFICIENT_BUFFER MSDRM_HRESULT(0x8007007AL)

/* Success codes delivered to DRMCALLBACK (SUCCEEDED() is true for all). */
#define S_DRM_REQUEST_PREPARED                           MSDRM_HRESULT(0x0004CF00L)
#define S_DRM_ALREADY_ACTIVATED                          MSDRM_HRESULT(0x0004CF01L)
#define S_DRM_CONNECTING                                 MSDRM_HRESULT(0x0004CF02L)
#define S_DRM_CONNECTED                                  MSDRM_HRESULT(0x0004CF03L)
#define S_DRM_COMPLETED                                  MSDRM_HRESULT(0x0004CF04L)
#define S_DRM_INPROGRESS                                 MSDRM_HRESULT(0x0004CF05L)

/* Error codes. */
#define E_DRM_MANIFEST_POLICY_VIOLATION                  MSDRM_HRESULT(0x8004930CL)
#define E_DRM_INVALID_LICENSE                            MSDRM_HRESULT(0x8004CF00L)
#define E_DRM_INFO_NOT_IN_LICENSE                        MSDRM_HRESULT(0x8004CF01L)
#define E_DRM_INVALID_LICENSE_SIGNATURE                  MSDRM_HRESULT(0x8004CF02L)
#define E_DRM_ENCRYPTION_NOT_PERMITTED                   MSDRM_HRESULT(0x8004CF04L)
#define E_DRM_RIGHT_NOT_GRANTED                          MSDRM_HRESULT(0x8004CF05L)
#define E_DRM_INVALID_VERSION                            MSDRM_HRESULT(0x8004CF06L)
#define E_DRM_INVALID_ENCODING_TYPE                      MSDRM_HRESULT(0x8004CF07L)
#define E_DRM_INVALID_NUMERICAL_VALUE                    MSDRM_HRESULT(0x8004CF08L)
#define E_DRM_INVALID_ALGORITHM_TYPE                     MSDRM_HRESULT(0x8004CF09L)
#define E_DRM_ENV_NOT_LOADED                             MSDRM_HRESULT(0x8004CF0AL)
#define E_DRM_ENV_CANNOT_LOAD                            MSDRM_HRESULT(0x8004CF0BL)
#define E_DRM_TOO_MANY_LOADED_ENVIRONMENTS               MSDRM_HRESULT(0x8004CF0CL)
#define E_DRM_INCOMPATIBLE_OBJECTS                       MSDRM_HRESULT(0x8004CF0EL)
#define E_DRM_LIB_FAIL                                   MSDRM_HRESULT(0x8004CF0FL)
#define E_DRM_ENABLING_PRINCIPAL_FAILURE                 MSDRM_HRESULT(0x8004CF10L)
#define E_DRM_INFO_NOT_PRESENT                           MSDRM_HRESULT(0x8004CF11L)
#define E_DRM_BAD_GET_INFO_QUERY                         MSDRM_HRESULT(0x8004CF12L)
#define E_DRM_KEY_TYPE_UNSUPPORTED                       MSDRM_HRESULT(0x8004CF13L)
#define E_DRM_CRYPTO_OPERATION_UNSUPPORTED               MSDRM_HRESULT(0x8004CF14L)
#define E_DRM_CLOCK_ROLL_BACK_DETECTED                   MSDRM_HRESULT(0x8004CF15L)
#define E_DRM_QUERY_REPORTS_NO_RESULTS                   MSDRM_HRESULT(0x8004CF16L)
#define E_DRM_UNEXPECTED_EXCEPTION                       MSDRM_HRESULT(0x8004CF17L)
#define E_DRM_BIND_VALIDITY_TIME_VIOLATED                MSDRM_HRESULT(0x8004CF18L)
#define E_DRM_BROKEN_CERT_CHAIN                          MSDRM_HRESULT(0x8004CF19L)
#define E_DRM_BIND_POLICY_VIOLATION                      MSDRM_HRESULT(0x8004CF1BL)
#define E_DRM_BIND_REVOKED_LICENSE                       MSDRM_HRESULT(0x8004CF1CL)
#define E_DRM_BIND_REVOKED_ISSUER                        MSDRM_HRESULT(0x8004CF1DL)
#define E_DRM_BIND_REVOKED_PRINCIPAL                     MSDRM_HRESULT(0x8004CF1EL)
#define E_DRM_BIND_REVOKED_RESOURCE                      MSDRM_HRESULT(0x8004CF1FL)
#define E_DRM_BIND_REVOKED_MODULE                        MSDRM_HRESULT(0x8004CF20L)
#define E_DRM_BIND_CONTENT_NOT_IN_EUL                    MSDRM_HRESULT(0x8004CF21L)
#define E_DRM_BIND_ACCESS_PRINCIPAL_NOT_ENABLING         MSDRM_HRESULT(0x8004CF22L)
#define E_DRM_BIND_ACCESS_UNSATISFIED                    MSDRM_HRESULT(0x8004CF23L)
#define E_DRM_BIND_INDICATED_PRINCIPAL_MISSING           MSDRM_HRESULT(0x8004CF24L)
#define E_DRM_BIND_MACHINE_NOT_FOUND_IN_GROUP_IDENTITY   MSDRM_HRESULT(0x8004CF25L)
#define E_DRM_LIB_UNSUPPORTED_PLUGIN                     MSDRM_HRESULT(0x8004CF26L)
#define E_DRM_BIND_REVOCATION_LIST_STALE                 MSDRM_HRESULT(0x8004CF27L)
#define E_DRM_BIND_NO_APPLICABLE_REVOCATION_LIST         MSDRM_HRESULT(0x8004CF28L)
#define E_DRM_INVALID_HANDLE                             MSDRM_HRESULT(0x8004CF2CL)
#define E_DRM_BIND_INTERVALTIME_VIOLATED                 MSDRM_HRESULT(0x8004CF2FL)
#define E_DRM_BIND_NO_SATISFIED_RIGHTS_GROUP             MSDRM_HRESULT(0x8004CF30L)
#define E_DRM_BIND_SPECIFIED_WORK_MISSING                MSDRM_HRESULT(0x8004CF31L)
#define E_DRM_NO_MORE_DATA                               MSDRM_HRESULT(0x8004CF33L)
#define E_DRM_LICENSEACQUISITIONFAILED                   MSDRM_HRESULT(0x8004CF34L)
#define E_DRM_ID_MISMATCH                                MSDRM_HRESULT(0x8004CF35L)
#define E_DRM_TOO_MANY_CERTS                             MSDRM_HRESULT(0x8004CF36L)
#define E_DRM_NO_DPURL_FOUND                             MSDRM_HRESULT(0x8004CF37L)
#define E_DRM_ALREADY_IN_PROGRESS                        MSDRM_HRESULT(0x8004CF38L)
#define E_DRM_GROUPID_NOT_SET                            MSDRM_HRESULT(0x8004CF39L)
#define E_DRM_RECORD_NOT_FOUND                           MSDRM_HRESULT(0x8004CF3AL)
#define E_DRM_NO_CONNECT                                 MSDRM_HRESULT(0x8004CF3BL)
#define E_DRM_NO_LICENSE                                 MSDRM_HRESULT(0x8004CF3CL)
#define E_DRM_NEEDS_MACHINE_ACTIVATION                   MSDRM_HRESULT(0x8004CF3DL)
#define E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION             MSDRM_HRESULT(0x8004CF3EL)
#define E_DRM_ACTIVATIONFAILED                           MSDRM_HRESULT(0x8004CF40L)
#define E_DRM_ABORTED                                    MSDRM_HRESULT(0x8004CF41L)
#define E_DRM_OUT_OF_QUOTA                               MSDRM_HRESULT(0x8004CF42L)
#define E_DRM_AUTHENTICATION_FAILED                      MSDRM_HRESULT(0x8004CF43L)
#define E_DRM_SERVER_ERROR                               MSDRM_HRESULT(0x8004CF44L)
#define E_DRM_INSTALLATION_FAILED                        MSDRM_HRESULT(0x8004CF45L)
#define E_DRM_HID_CORRUPTED                              MSDRM_HRESULT(0x8004CF46L)
#define E_DRM_INVALID_SERVER_RESPONSE                    MSDRM_HRESULT(0x8004CF47L)
#define E_DRM_SERVICE_NOT_FOUND                          MSDRM_HRESULT(0x8004CF48L)
#define E_DRM_USE_DEFAULT                                MSDRM_HRESULT(0x8004CF49L)
#define E_DRM_SERVER_NOT_FOUND                           MSDRM_HRESULT(0x8004CF4AL)
#define E_DRM_INVALID_EMAIL                              MSDRM_HRESULT(0x8004CF4BL)
#define E_DRM_VALIDITYTIME_VIOLATION                     MSDRM_HRESULT(0x8004CF4CL)
#define E_DRM_OUTDATED_MODULE                            MSDRM_HRESULT(0x8004CF4DL)
#define E_DRM_NOT_SET                                    MSDRM_HRESULT(0x8004CF4EL)
#define E_DRM_METADATA_NOT_SET                           MSDRM_HRESULT(0x8004CF4FL)
#define E_DRM_INVALID_TIMEINFO                           MSDRM_HRESULT(0x8004CF51L)
#define E_DRM_RIGHT_NOT_SET                              MSDRM_HRESULT(0x8004CF52L)
#define E_DRM_BIND_NTLM_FAIL                             MSDRM_HRESULT(0x8004CF53L)
#define E_DRM_INVALID_ISSUANCELICENSE_TEMPLATE           MSDRM_HRESULT(0x8004CF54L)
#define E_DRM_INVALID_KEY_LENGTH                         MSDRM_HRESULT(0x8004CF55L)
#define E_DRM_EXPIRED_OFFICIAL_ISSUANCELICENSE_TEMPLATE  MSDRM_HRESULT(0x8004CF57L)
#define E_DRM_INVALID_CLIENT_LICENSOR_CERTIFICATE        MSDRM_HRESULT(0x8004CF58L)
#define E_DRM_HID_INVALID                                MSDRM_HRESULT(0x8004CF59L)
#define E_DRM_EMAIL_NOT_VERIFIED                         MSDRM_HRESULT(0x8004CF5AL)
#define E_DRM_SERVICE_MOVED                              MSDRM_HRESULT(0x8004CF5BL)
#define E_DRM_SERVICE_GONE                               MSDRM_HRESULT(0x8004CF5CL)
#define E_DRM_AD_ENTRY_NOT_FOUND                         MSDRM_HRESULT(0x8004CF5DL)
#define E_DRM_NOT_A_CHAIN                                MSDRM_HRESULT(0x8004CF5EL)
#define E_DRM_REQUEST_DENIED                             MSDRM_HRESULT(0x8004CF5FL)
#define E_DRM_DEBUGGER_DETECTED                          MSDRM_HRESULT(0x8004CF60L)
#define E_DRM_INVALID_LOCKBOX_TYPE                       MSDRM_HRESULT(0x8004CF70L)
#define E_DRM_INVALID_LOCKBOX_PATH                       MSDRM_HRESULT(0x8004CF71L)
#define E_DRM_INVALID_REGISTRY_PATH                      MSDRM_HRESULT(0x8004CF72L)
#define E_DRM_NO_AES_PROVIDER                            MSDRM_HRESULT(0x8004CF73L)
#define E_DRM_GLOBAL_OPTION_ALREADY_SET                  MSDRM_HRESULT(0x8004CF74L)
#define E_DRM_OWNER_LICENSE_NOT_FOUND                    MSDRM_HRESULT(0x8004CF75L)
#define E_DRM_INVALID_WINDOW                             MSDRM_HRESULT(0x8004CF76L)
#define E_DRM_PLATFORM_POLICY_VIOLATION                  MSDRM_HRESULT(0x8004CF79L)
#define E_DRM_ISSUANCELICENSE_LENGTH_LIMIT_EXCEEDED      MSDRM_HRESULT(0x8004CF81L)

/*
 * Codes whose value the documentation leaves uncertain (spec/errors.md,
 * "Value conflicts"). Our choices:
 * - 0x8004CF50..52: the documentation's list is visibly broken (one name
 *   twice); WPF's consistent list gives REVOCATION_INFO_NOT_SET = CF50,
 *   INVALID_TIMEINFO = CF51, RIGHT_NOT_SET = CF52 (used above and here).
 *   The C name of CF50 is not published; ours is the natural spelling.
 * - E_DRM_SAFEMODE_OS_DETECTED is printed as the impossible 0x8004CF778;
 *   we take 0x8004CF77, the next code after E_DRM_INVALID_WINDOW.
 * - E_DRM_TEMPLATE_ACQUISITION_FAILED and E_DRM_BIND_RIGHT_NOT_GRANTED are
 *   named in prose only, with no value anywhere: not defined.
 */
#define E_DRM_REVOCATION_INFO_NOT_SET                    MSDRM_HRESULT(0x8004CF50L)
#define E_DRM_SAFEMODE_OS_DETECTED                       MSDRM_HRESULT(0x8004CF77L)

#endif /* MSDRMERROR_H */
