/*
 * Probes each export through a pointer of its own prototype, as a test rig
 * does with a function it resolved with GetProcAddress. The prototypes come
 * from msdrm.h (and src/api/undocumented_exports.h for the undocumented
 * exports), so each call passes exactly the arguments the export takes.
 * Generated once from those headers; regenerate when a prototype changes.
 */
#include "probe_calls.h"

#include <string.h>

#include "api/undocumented_exports.h"

#define PROBE(name, zero_args, scratch_args)                                                       \
    static HRESULT zero_call_##name(void *function)                                                \
    {                                                                                              \
        return ((__typeof__(&name))function)zero_args;                                             \
    }                                                                                              \
    static HRESULT scratch_call_##name(void *function, void *scratch)                              \
    {                                                                                              \
        (void)scratch;                                                                             \
        return ((__typeof__(&name))function)scratch_args;                                          \
    }

PROBE(DRMAcquireAdvisories, (0, 0, 0, 0), (0, scratch, scratch, scratch))
PROBE(DRMAcquireIssuanceLicenseTemplate, (0, 0, 0, 0, 0, 0, 0),
      (0, 0, scratch, 0, scratch, scratch, scratch))
PROBE(DRMAcquireLicense, (0, 0, 0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMActivate, (0, 0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch, scratch))
PROBE(DRMAddLicense, (0, 0, 0), (0, 0, scratch))
PROBE(DRMAddRightWithUser, (0, 0, 0), (0, 0, 0))
PROBE(DRMAttest, (0, 0, 0, 0, 0), (0, scratch, 0, scratch, scratch))
PROBE(DRMCheckSecurity, (0, 0), (0, 0))
PROBE(DRMClearAllRights, (0), (0))
PROBE(DRMCloseEnvironmentHandle, (0), (0))
PROBE(DRMCloseHandle, (0), (0))
PROBE(DRMClosePubHandle, (0), (0))
PROBE(DRMCloseQueryHandle, (0), (0))
PROBE(DRMCloseSession, (0), (0))
PROBE(DRMConstructCertificateChain, (0, 0, 0, 0), (0, scratch, scratch, scratch))
PROBE(DRMCreateBoundLicense, (0, 0, 0, 0, 0), (0, scratch, scratch, scratch, scratch))
PROBE(DRMCreateClientSession, (0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch))
PROBE(DRMCreateEnablingBitsDecryptor, (0, 0, 0, 0, 0), (0, scratch, 0, scratch, scratch))
PROBE(DRMCreateEnablingBitsEncryptor, (0, 0, 0, 0, 0), (0, scratch, 0, scratch, scratch))
PROBE(DRMCreateEnablingPrincipal, (0, 0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch, scratch))
PROBE(DRMCreateIssuanceLicense, (0, 0, 0, 0, 0, 0, 0, 0),
      (scratch, scratch, scratch, scratch, 0, scratch, 0, scratch))
PROBE(DRMCreateLicenseStorageSession, (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, scratch, scratch))
PROBE(DRMCreateRight, (0, 0, 0, 0, 0, 0, 0),
      (scratch, scratch, scratch, 0, scratch, scratch, scratch))
PROBE(DRMCreateUser, (0, 0, 0, 0), (scratch, scratch, scratch, scratch))
PROBE(DRMDecode, (0, 0, 0, 0), (scratch, scratch, scratch, scratch))
PROBE(DRMDeconstructCertificateChain, (0, 0, 0, 0), (scratch, 0, scratch, scratch))
PROBE(DRMDecrypt, (0, 0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch, scratch))
PROBE(DRMDeleteLicense, (0, 0), (0, scratch))
PROBE(DRMDuplicateEnvironmentHandle, (0, 0), (0, scratch))
PROBE(DRMDuplicateHandle, (0, 0), (0, scratch))
PROBE(DRMDuplicatePubHandle, (0, 0), (0, scratch))
PROBE(DRMDuplicateSession, (0, 0), (0, scratch))
PROBE(DRMEncode, (0, 0, 0, 0, 0), (scratch, 0, scratch, scratch, scratch))
PROBE(DRMEncrypt, (0, 0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch, scratch))
PROBE(DRMEnumerateLicense, (0, 0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch, scratch))
PROBE(DRMGetApplicationSpecificData, (0, 0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch, scratch))
PROBE(DRMGetBoundLicenseAttribute, (0, 0, 0, 0, 0, 0), (0, scratch, 0, scratch, scratch, scratch))
PROBE(DRMGetBoundLicenseAttributeCount, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetBoundLicenseObject, (0, 0, 0, 0), (0, scratch, 0, scratch))
PROBE(DRMGetBoundLicenseObjectCount, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetCertificateChainCount, (0, 0), (scratch, scratch))
PROBE(DRMGetClientVersion, (0), (scratch))
PROBE(DRMGetEnvironmentInfo, (0, 0, 0, 0, 0), (0, scratch, scratch, scratch, scratch))
PROBE(DRMGetInfo, (0, 0, 0, 0, 0), (0, scratch, scratch, scratch, scratch))
PROBE(DRMGetIntervalTime, (0, 0), (0, scratch))
PROBE(DRMGetIssuanceLicenseInfo, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, scratch, scratch, 0, scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMGetIssuanceLicenseTemplate, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetMetaData, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch,
       scratch, scratch))
PROBE(DRMGetNameAndDescription, (0, 0, 0, 0, 0, 0, 0),
      (0, 0, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMGetOwnerLicense, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetProcAddress, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetRevocationPoint, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch,
       scratch))
PROBE(DRMGetRightExtendedInfo, (0, 0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch, scratch))
PROBE(DRMGetRightInfo, (0, 0, 0, 0, 0), (0, scratch, scratch, scratch, scratch))
PROBE(DRMGetSecurityProvider, (0, 0, 0, 0, 0), (0, scratch, scratch, scratch, scratch))
PROBE(DRMGetServiceLocation, (0, 0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch, scratch))
PROBE(DRMGetSignedIssuanceLicense, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, 0, 0, scratch, 0, scratch, scratch, 0, scratch, scratch))
PROBE(DRMGetSignedIssuanceLicenseEx, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, 0, 0, scratch, 0, scratch, scratch, 0, 0, 0, scratch))
PROBE(DRMGetTime, (0, 0, 0), (0, 0, scratch))
PROBE(DRMGetUnboundLicenseAttribute, (0, 0, 0, 0, 0, 0), (0, scratch, 0, scratch, scratch, scratch))
PROBE(DRMGetUnboundLicenseAttributeCount, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetUnboundLicenseObject, (0, 0, 0, 0), (0, scratch, 0, scratch))
PROBE(DRMGetUnboundLicenseObjectCount, (0, 0, 0), (0, scratch, scratch))
PROBE(DRMGetUsagePolicy, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, 0, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch,
       scratch, scratch, scratch, scratch, scratch))
PROBE(DRMGetUserInfo, (0, 0, 0, 0, 0, 0, 0),
      (0, scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMGetUserRights, (0, 0, 0, 0), (0, 0, 0, scratch))
PROBE(DRMGetUsers, (0, 0, 0), (0, 0, scratch))
PROBE(DRMInitEnvironment, (0, 0, 0, 0, 0, 0, 0),
      (0, 0, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMIsActivated, (0, 0, 0), (0, 0, scratch))
PROBE(DRMIsWindowProtected, (0, 0), (scratch, scratch))
PROBE(DRMLoadLibrary, (0, 0, 0, 0, 0), (0, 0, scratch, scratch, scratch))
PROBE(DRMParseUnboundLicense, (0, 0), (scratch, scratch))
PROBE(DRMRegisterContent, (0), (0))
PROBE(DRMRegisterProtectedWindow, (0, 0), (0, scratch))
PROBE(DRMRegisterRevocationList, (0, 0), (0, scratch))
PROBE(DRMRepair, (), ())
PROBE(DRMSetApplicationSpecificData, (0, 0, 0, 0), (0, 0, scratch, scratch))
PROBE(DRMSetGlobalOptions, (0, 0, 0), (0, scratch, 0))
PROBE(DRMSetIntervalTime, (0, 0), (0, 0))
PROBE(DRMSetMetaData, (0, 0, 0, 0, 0, 0, 0),
      (0, scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMSetNameAndDescription, (0, 0, 0, 0, 0), (0, 0, 0, scratch, scratch))
PROBE(DRMSetRevocationPoint, (0, 0, 0, 0, 0, 0, 0, 0),
      (0, 0, scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMSetUsagePolicy, (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
      (0, 0, 0, 0, scratch, scratch, scratch, scratch, scratch, scratch, 0))
PROBE(DRMVerify, (0, 0, 0, 0, 0, 0, 0, 0),
      (scratch, scratch, scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMpCloseFile, (0), (scratch))
PROBE(DRMpFileInitialize, (0, 0, 0, 0, 0), (scratch, scratch, 0, 0, scratch))
PROBE(DRMpFileIsProtected, (0, 0), (scratch, scratch))
PROBE(DRMpFileProtect, (0, 0, 0, 0, 0, 0), (scratch, scratch, scratch, scratch, scratch, scratch))
PROBE(DRMpFileUnprotect, (0, 0, 0), (scratch, scratch, scratch))
PROBE(DRMpFreeMemory, (0), (scratch))
PROBE(DllCanUnloadNow, (), ())
PROBE(DllGetClassObject, (0, 0, 0), (scratch, scratch, scratch))
PROBE(DllRegisterServer, (), ())
PROBE(DllUnregisterServer, (), ())
PROBE(__AddMachineCertToLicenseStore, (), ())

static const struct probe_entry {
    const char *name;
    struct probe probe;
} probes[] = {
    {"DRMAcquireAdvisories", {zero_call_DRMAcquireAdvisories, scratch_call_DRMAcquireAdvisories}},
    {"DRMAcquireIssuanceLicenseTemplate",
     {zero_call_DRMAcquireIssuanceLicenseTemplate, scratch_call_DRMAcquireIssuanceLicenseTemplate}},
    {"DRMAcquireLicense", {zero_call_DRMAcquireLicense, scratch_call_DRMAcquireLicense}},
    {"DRMActivate", {zero_call_DRMActivate, scratch_call_DRMActivate}},
    {"DRMAddLicense", {zero_call_DRMAddLicense, scratch_call_DRMAddLicense}},
    {"DRMAddRightWithUser", {zero_call_DRMAddRightWithUser, scratch_call_DRMAddRightWithUser}},
    {"DRMAttest", {zero_call_DRMAttest, scratch_call_DRMAttest}},
    {"DRMCheckSecurity", {zero_call_DRMCheckSecurity, scratch_call_DRMCheckSecurity}},
    {"DRMClearAllRights", {zero_call_DRMClearAllRights, scratch_call_DRMClearAllRights}},
    {"DRMCloseEnvironmentHandle",
     {zero_call_DRMCloseEnvironmentHandle, scratch_call_DRMCloseEnvironmentHandle}},
    {"DRMCloseHandle", {zero_call_DRMCloseHandle, scratch_call_DRMCloseHandle}},
    {"DRMClosePubHandle", {zero_call_DRMClosePubHandle, scratch_call_DRMClosePubHandle}},
    {"DRMCloseQueryHandle", {zero_call_DRMCloseQueryHandle, scratch_call_DRMCloseQueryHandle}},
    {"DRMCloseSession", {zero_call_DRMCloseSession, scratch_call_DRMCloseSession}},
    {"DRMConstructCertificateChain",
     {zero_call_DRMConstructCertificateChain, scratch_call_DRMConstructCertificateChain}},
    {"DRMCreateBoundLicense",
     {zero_call_DRMCreateBoundLicense, scratch_call_DRMCreateBoundLicense}},
    {"DRMCreateClientSession",
     {zero_call_DRMCreateClientSession, scratch_call_DRMCreateClientSession}},
    {"DRMCreateEnablingBitsDecryptor",
     {zero_call_DRMCreateEnablingBitsDecryptor, scratch_call_DRMCreateEnablingBitsDecryptor}},
    {"DRMCreateEnablingBitsEncryptor",
     {zero_call_DRMCreateEnablingBitsEncryptor, scratch_call_DRMCreateEnablingBitsEncryptor}},
    {"DRMCreateEnablingPrincipal",
     {zero_call_DRMCreateEnablingPrincipal, scratch_call_DRMCreateEnablingPrincipal}},
    {"DRMCreateIssuanceLicense",
     {zero_call_DRMCreateIssuanceLicense, scratch_call_DRMCreateIssuanceLicense}},
    {"DRMCreateLicenseStorageSession",
     {zero_call_DRMCreateLicenseStorageSession, scratch_call_DRMCreateLicenseStorageSession}},
    {"DRMCreateRight", {zero_call_DRMCreateRight, scratch_call_DRMCreateRight}},
    {"DRMCreateUser", {zero_call_DRMCreateUser, scratch_call_DRMCreateUser}},
    {"DRMDecode", {zero_call_DRMDecode, scratch_call_DRMDecode}},
    {"DRMDeconstructCertificateChain",
     {zero_call_DRMDeconstructCertificateChain, scratch_call_DRMDeconstructCertificateChain}},
    {"DRMDecrypt", {zero_call_DRMDecrypt, scratch_call_DRMDecrypt}},
    {"DRMDeleteLicense", {zero_call_DRMDeleteLicense, scratch_call_DRMDeleteLicense}},
    {"DRMDuplicateEnvironmentHandle",
     {zero_call_DRMDuplicateEnvironmentHandle, scratch_call_DRMDuplicateEnvironmentHandle}},
    {"DRMDuplicateHandle", {zero_call_DRMDuplicateHandle, scratch_call_DRMDuplicateHandle}},
    {"DRMDuplicatePubHandle",
     {zero_call_DRMDuplicatePubHandle, scratch_call_DRMDuplicatePubHandle}},
    {"DRMDuplicateSession", {zero_call_DRMDuplicateSession, scratch_call_DRMDuplicateSession}},
    {"DRMEncode", {zero_call_DRMEncode, scratch_call_DRMEncode}},
    {"DRMEncrypt", {zero_call_DRMEncrypt, scratch_call_DRMEncrypt}},
    {"DRMEnumerateLicense", {zero_call_DRMEnumerateLicense, scratch_call_DRMEnumerateLicense}},
    {"DRMGetApplicationSpecificData",
     {zero_call_DRMGetApplicationSpecificData, scratch_call_DRMGetApplicationSpecificData}},
    {"DRMGetBoundLicenseAttribute",
     {zero_call_DRMGetBoundLicenseAttribute, scratch_call_DRMGetBoundLicenseAttribute}},
    {"DRMGetBoundLicenseAttributeCount",
     {zero_call_DRMGetBoundLicenseAttributeCount, scratch_call_DRMGetBoundLicenseAttributeCount}},
    {"DRMGetBoundLicenseObject",
     {zero_call_DRMGetBoundLicenseObject, scratch_call_DRMGetBoundLicenseObject}},
    {"DRMGetBoundLicenseObjectCount",
     {zero_call_DRMGetBoundLicenseObjectCount, scratch_call_DRMGetBoundLicenseObjectCount}},
    {"DRMGetCertificateChainCount",
     {zero_call_DRMGetCertificateChainCount, scratch_call_DRMGetCertificateChainCount}},
    {"DRMGetClientVersion", {zero_call_DRMGetClientVersion, scratch_call_DRMGetClientVersion}},
    {"DRMGetEnvironmentInfo",
     {zero_call_DRMGetEnvironmentInfo, scratch_call_DRMGetEnvironmentInfo}},
    {"DRMGetInfo", {zero_call_DRMGetInfo, scratch_call_DRMGetInfo}},
    {"DRMGetIntervalTime", {zero_call_DRMGetIntervalTime, scratch_call_DRMGetIntervalTime}},
    {"DRMGetIssuanceLicenseInfo",
     {zero_call_DRMGetIssuanceLicenseInfo, scratch_call_DRMGetIssuanceLicenseInfo}},
    {"DRMGetIssuanceLicenseTemplate",
     {zero_call_DRMGetIssuanceLicenseTemplate, scratch_call_DRMGetIssuanceLicenseTemplate}},
    {"DRMGetMetaData", {zero_call_DRMGetMetaData, scratch_call_DRMGetMetaData}},
    {"DRMGetNameAndDescription",
     {zero_call_DRMGetNameAndDescription, scratch_call_DRMGetNameAndDescription}},
    {"DRMGetOwnerLicense", {zero_call_DRMGetOwnerLicense, scratch_call_DRMGetOwnerLicense}},
    {"DRMGetProcAddress", {zero_call_DRMGetProcAddress, scratch_call_DRMGetProcAddress}},
    {"DRMGetRevocationPoint",
     {zero_call_DRMGetRevocationPoint, scratch_call_DRMGetRevocationPoint}},
    {"DRMGetRightExtendedInfo",
     {zero_call_DRMGetRightExtendedInfo, scratch_call_DRMGetRightExtendedInfo}},
    {"DRMGetRightInfo", {zero_call_DRMGetRightInfo, scratch_call_DRMGetRightInfo}},
    {"DRMGetSecurityProvider",
     {zero_call_DRMGetSecurityProvider, scratch_call_DRMGetSecurityProvider}},
    {"DRMGetServiceLocation",
     {zero_call_DRMGetServiceLocation, scratch_call_DRMGetServiceLocation}},
    {"DRMGetSignedIssuanceLicense",
     {zero_call_DRMGetSignedIssuanceLicense, scratch_call_DRMGetSignedIssuanceLicense}},
    {"DRMGetSignedIssuanceLicenseEx",
     {zero_call_DRMGetSignedIssuanceLicenseEx, scratch_call_DRMGetSignedIssuanceLicenseEx}},
    {"DRMGetTime", {zero_call_DRMGetTime, scratch_call_DRMGetTime}},
    {"DRMGetUnboundLicenseAttribute",
     {zero_call_DRMGetUnboundLicenseAttribute, scratch_call_DRMGetUnboundLicenseAttribute}},
    {"DRMGetUnboundLicenseAttributeCount",
     {zero_call_DRMGetUnboundLicenseAttributeCount,
      scratch_call_DRMGetUnboundLicenseAttributeCount}},
    {"DRMGetUnboundLicenseObject",
     {zero_call_DRMGetUnboundLicenseObject, scratch_call_DRMGetUnboundLicenseObject}},
    {"DRMGetUnboundLicenseObjectCount",
     {zero_call_DRMGetUnboundLicenseObjectCount, scratch_call_DRMGetUnboundLicenseObjectCount}},
    {"DRMGetUsagePolicy", {zero_call_DRMGetUsagePolicy, scratch_call_DRMGetUsagePolicy}},
    {"DRMGetUserInfo", {zero_call_DRMGetUserInfo, scratch_call_DRMGetUserInfo}},
    {"DRMGetUserRights", {zero_call_DRMGetUserRights, scratch_call_DRMGetUserRights}},
    {"DRMGetUsers", {zero_call_DRMGetUsers, scratch_call_DRMGetUsers}},
    {"DRMInitEnvironment", {zero_call_DRMInitEnvironment, scratch_call_DRMInitEnvironment}},
    {"DRMIsActivated", {zero_call_DRMIsActivated, scratch_call_DRMIsActivated}},
    {"DRMIsWindowProtected", {zero_call_DRMIsWindowProtected, scratch_call_DRMIsWindowProtected}},
    {"DRMLoadLibrary", {zero_call_DRMLoadLibrary, scratch_call_DRMLoadLibrary}},
    {"DRMParseUnboundLicense",
     {zero_call_DRMParseUnboundLicense, scratch_call_DRMParseUnboundLicense}},
    {"DRMRegisterContent", {zero_call_DRMRegisterContent, scratch_call_DRMRegisterContent}},
    {"DRMRegisterProtectedWindow",
     {zero_call_DRMRegisterProtectedWindow, scratch_call_DRMRegisterProtectedWindow}},
    {"DRMRegisterRevocationList",
     {zero_call_DRMRegisterRevocationList, scratch_call_DRMRegisterRevocationList}},
    {"DRMRepair", {zero_call_DRMRepair, scratch_call_DRMRepair}},
    {"DRMSetApplicationSpecificData",
     {zero_call_DRMSetApplicationSpecificData, scratch_call_DRMSetApplicationSpecificData}},
    {"DRMSetGlobalOptions", {zero_call_DRMSetGlobalOptions, scratch_call_DRMSetGlobalOptions}},
    {"DRMSetIntervalTime", {zero_call_DRMSetIntervalTime, scratch_call_DRMSetIntervalTime}},
    {"DRMSetMetaData", {zero_call_DRMSetMetaData, scratch_call_DRMSetMetaData}},
    {"DRMSetNameAndDescription",
     {zero_call_DRMSetNameAndDescription, scratch_call_DRMSetNameAndDescription}},
    {"DRMSetRevocationPoint",
     {zero_call_DRMSetRevocationPoint, scratch_call_DRMSetRevocationPoint}},
    {"DRMSetUsagePolicy", {zero_call_DRMSetUsagePolicy, scratch_call_DRMSetUsagePolicy}},
    {"DRMVerify", {zero_call_DRMVerify, scratch_call_DRMVerify}},
    {"DRMpCloseFile", {zero_call_DRMpCloseFile, scratch_call_DRMpCloseFile}},
    {"DRMpFileInitialize", {zero_call_DRMpFileInitialize, scratch_call_DRMpFileInitialize}},
    {"DRMpFileIsProtected", {zero_call_DRMpFileIsProtected, scratch_call_DRMpFileIsProtected}},
    {"DRMpFileProtect", {zero_call_DRMpFileProtect, scratch_call_DRMpFileProtect}},
    {"DRMpFileUnprotect", {zero_call_DRMpFileUnprotect, scratch_call_DRMpFileUnprotect}},
    {"DRMpFreeMemory", {zero_call_DRMpFreeMemory, scratch_call_DRMpFreeMemory}},
    {"DllCanUnloadNow", {zero_call_DllCanUnloadNow, scratch_call_DllCanUnloadNow}},
    {"DllGetClassObject", {zero_call_DllGetClassObject, scratch_call_DllGetClassObject}},
    {"DllRegisterServer", {zero_call_DllRegisterServer, scratch_call_DllRegisterServer}},
    {"DllUnregisterServer", {zero_call_DllUnregisterServer, scratch_call_DllUnregisterServer}},
    {"__AddMachineCertToLicenseStore",
     {zero_call___AddMachineCertToLicenseStore, scratch_call___AddMachineCertToLicenseStore}},
};

const struct probe *probe_find(const char *name)
{
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        if (strcmp(probes[i].name, name) == 0)
            return &probes[i].probe;
    }
    return NULL;
}
