/*
 * openmsdrm - the one table of MS-RMPR operations: where each is served
 * (spec/rmpr.md §3), its namespace and SOAPAction (§2.3), and the
 * server's judgement of VersionData (§2.4).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "net/rmpr_messages.h"

#include <string.h>

#define CERTIFICATION_NS "http://microsoft.com/DRM/CertificationService"
#define LICENSING_NS "http://microsoft.com/DRM/LicensingService"
#define TEMPLATES_NS "http://microsoft.com/DRM/TemplateDistributionService"
#define PUBLISHING_NS "http://microsoft.com/DRM/PublishingService"
#define SERVER_NS "http://microsoft.com/DRM/ServerService"

#define BOTH (RMPR_FOLDER_CERTIFICATION | RMPR_FOLDER_LICENSING)

static const struct rmpr_operation_info operations[RMPR_OPERATION_COUNT] = {
    {RMPR_CERTIFY, "Certify", "certification.asmx", RMPR_FOLDER_CERTIFICATION, CERTIFICATION_NS,
     CERTIFICATION_NS "/Certify", true},
    {RMPR_GET_CLIENT_LICENSOR_CERT, "GetClientLicensorCert", "publish.asmx", RMPR_FOLDER_LICENSING,
     PUBLISHING_NS, PUBLISHING_NS "/GetClientLicensorCert", true},
    {RMPR_GET_LICENSOR_CERTIFICATE, "GetLicensorCertificate", "server.asmx", BOTH, SERVER_NS,
     SERVER_NS "/GetLicensorCertificate", true},
    {RMPR_FIND_SERVICE_LOCATIONS, "FindServiceLocationsForUser", "ServiceLocator.asmx", BOTH,
     SERVER_NS, SERVER_NS "/FindServiceLocationsForUser", true},
    /* licensing/server.asmx only (§3); no VersionData in its binding. */
    {RMPR_GET_SERVER_INFO, "GetServerInfo", "server.asmx", RMPR_FOLDER_LICENSING, SERVER_NS,
     SERVER_NS "/GetServerInfo", false},
    {RMPR_ACQUIRE_TEMPLATE_INFORMATION, "AcquireTemplateInformation", "templateDistribution.asmx",
     RMPR_FOLDER_LICENSING, TEMPLATES_NS, TEMPLATES_NS "/AcquireTemplateInformation", true},
    {RMPR_ACQUIRE_TEMPLATES, "AcquireTemplates", "templateDistribution.asmx", RMPR_FOLDER_LICENSING,
     TEMPLATES_NS, TEMPLATES_NS "/AcquireTemplates", true},
    {RMPR_ACQUIRE_ISSUANCE_LICENSE, "AcquireIssuanceLicense", "publish.asmx", RMPR_FOLDER_LICENSING,
     PUBLISHING_NS, PUBLISHING_NS "/AcquireIssuanceLicense", true},
    {RMPR_ACQUIRE_LICENSE, "AcquireLicense", "license.asmx", RMPR_FOLDER_LICENSING, LICENSING_NS,
     LICENSING_NS "/AcquireLicense", true},
};

const struct rmpr_operation_info *rmpr_operation_info(enum rmpr_operation operation)
{
    if ((unsigned)operation >= RMPR_OPERATION_COUNT)
        return NULL;
    return &operations[operation];
}

bool rmpr_operation_for_action(const char *soap_action, enum rmpr_operation *operation)
{
    if (soap_action == NULL)
        return false;
    size_t length = strlen(soap_action);
    if (length >= 2 && soap_action[0] == '"' && soap_action[length - 1] == '"') {
        soap_action++;
        length -= 2;
    }
    for (size_t i = 0; i < RMPR_OPERATION_COUNT; i++) {
        const char *action = operations[i].soap_action;
        if (strlen(action) == length && memcmp(action, soap_action, length) == 0) {
            *operation = operations[i].operation;
            return true;
        }
    }
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool equal_nocase(const char *a, const char *b, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

static bool folder_then_file(const char *path, const char *folder, const char *file)
{
    size_t folder_length = strlen(folder), file_length = strlen(file);
    return strlen(path) == folder_length + 1 + file_length &&
           equal_nocase(path, folder, folder_length) && path[folder_length] == '/' &&
           equal_nocase(path + folder_length + 1, file, file_length);
}

bool rmpr_operation_at_path(enum rmpr_operation operation, const char *path)
{
    const struct rmpr_operation_info *info = rmpr_operation_info(operation);
    if (info == NULL || path == NULL)
        return false;
    return ((info->folders & RMPR_FOLDER_CERTIFICATION) &&
            folder_then_file(path, "certification", info->file)) ||
           ((info->folders & RMPR_FOLDER_LICENSING) &&
            folder_then_file(path, "licensing", info->file));
}

/* "a.b.c.d": four decimal numbers of at most 9 digits (they fit an int,
 * as .NET's Version wants). */
static bool parse_version(const char *text, unsigned long parts[4])
{
    const char *at = text;
    for (int i = 0; i < 4; i++) {
        unsigned long value = 0;
        int digits = 0;
        while (*at >= '0' && *at <= '9' && digits < 10) {
            value = value * 10 + (unsigned long)(*at - '0');
            at++;
            digits++;
        }
        if (digits == 0 || digits > 9)
            return false;
        parts[i] = value;
        if (i < 3 && *at++ != '.')
            return false;
    }
    return *at == '\0';
}

static int compare_versions(const unsigned long a[4], const unsigned long b[4])
{
    for (int i = 0; i < 4; i++) {
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    }
    return 0;
}

bool rmpr_check_versions(const struct rmpr_version_data *versions, enum rmpr_fault *fault)
{
    if (versions == NULL || !versions->present)
        return true;
    unsigned long minimum[4], maximum[4], highest[4];
    bool has_minimum = versions->minimum[0] != '\0';
    bool has_maximum = versions->maximum[0] != '\0';
    if ((has_minimum && !parse_version(versions->minimum, minimum)) ||
        (has_maximum && !parse_version(versions->maximum, maximum))) {
        *fault = RMPR_FAULT_MALFORMED_DATA_VERSION;
        return false;
    }
    (void)parse_version(RMPR_SERVER_MAXIMUM_VERSION, highest);
    /* A minimum above what the server speaks cannot be met either. */
    if ((has_maximum && compare_versions(maximum, highest) > 0) ||
        (has_minimum && compare_versions(minimum, highest) > 0)) {
        *fault = RMPR_FAULT_UNSUPPORTED_DATA_VERSION;
        return false;
    }
    return true;
}
