/*
 * libFuzzer target: the unbound-license query API on arbitrary input
 * (bytes read as UTF-16LE units). When DRMParseUnboundLicense accepts the
 * input, every object and attribute name of msdrmgetinfo.h is asked of
 * every level, a few instances deep; each value must come back by the
 * two-call protocol with the size first announced, and closing the root
 * must close every handle opened beneath it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/handles.h"
#include "fuzz_input.h"
#include "msdrm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const objects[] = {"issued-principal",
                                      "group-identity-principal",
                                      "issuer",
                                      "distribution-point",
                                      "work",
                                      "condition-list",
                                      "owner",
                                      "rights-group",
                                      "right",
                                      "access-condition",
                                      "rangetime-condition",
                                      "intervaltime-condition",
                                      "os-exclusion-condition",
                                      "revocation-condition",
                                      "principal",
                                      "first-use-tag"};

static const char *const attributes[] = {"id-type",
                                         "id-value",
                                         "name",
                                         "object-type",
                                         "issued-time",
                                         "valid-from",
                                         "valid-until",
                                         "appdata-name",
                                         "appdata-value",
                                         "address-type",
                                         "address-value",
                                         "sku-type",
                                         "sku-value",
                                         "rights-parameter-name",
                                         "rights-parameter-value",
                                         "intervaltime-interval",
                                         "time-interval",
                                         "from-time",
                                         "until-time",
                                         "min-version",
                                         "max-version",
                                         "refresh-period"};

static WCHAR *widen(const char *ascii, WCHAR *wide)
{
    size_t i = 0;
    for (; ascii[i] != '\0'; i++)
        wide[i] = (WCHAR)ascii[i];
    wide[i] = 0;
    return wide;
}

static void read_attributes(DRMQUERYHANDLE handle)
{
    WCHAR name[32];
    for (size_t a = 0; a < sizeof attributes / sizeof attributes[0]; a++) {
        UINT count = 0;
        if (DRMGetUnboundLicenseAttributeCount(handle, widen(attributes[a], name), &count) != S_OK)
            abort();
        for (UINT i = 0; i < count && i < 4; i++) {
            DRMENCODINGTYPE encoding;
            UINT needed = 0;
            HRESULT hr = DRMGetUnboundLicenseAttribute(handle, name, i, &encoding, &needed, NULL);
            if (hr == E_DRM_INVALID_LICENSE)
                continue; /* a malformed time or number in the input */
            if (hr != S_OK || needed == 0)
                abort();
            BYTE *value = malloc(needed);
            UINT size = needed;
            if (value == NULL ||
                DRMGetUnboundLicenseAttribute(handle, name, i, &encoding, &size, value) != S_OK ||
                size != needed)
                abort();
            free(value);
        }
        DRMENCODINGTYPE encoding;
        UINT size = 0;
        if (DRMGetUnboundLicenseAttribute(handle, name, count, &encoding, &size, NULL) !=
            E_DRM_NO_MORE_DATA)
            abort();
    }
}

static void walk(DRMQUERYHANDLE handle, int depth)
{
    read_attributes(handle);
    if (depth == 6)
        return;
    WCHAR name[32];
    for (size_t o = 0; o < sizeof objects / sizeof objects[0]; o++) {
        UINT count = 0;
        if (DRMGetUnboundLicenseObjectCount(handle, widen(objects[o], name), &count) != S_OK)
            abort();
        for (UINT i = 0; i < count && i < 3; i++) {
            DRMQUERYHANDLE child = DRMQUERYHANDLE_INVALID;
            if (DRMGetUnboundLicenseObject(handle, name, i, &child) != S_OK)
                abort();
            walk(child, depth + 1);
            /* Every other child is left for the root's close to close. */
            if (i % 2 == 0 && DRMCloseQueryHandle(child) != S_OK)
                abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WCHAR *text = fuzz_input_wide(data, size);
    if (text == NULL)
        return 0;
    size_t open_before = handle_open_count();
    DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID;
    if (DRMParseUnboundLicense(text, &root) == S_OK) {
        walk(root, 0);
        if (DRMCloseQueryHandle(root) != S_OK || handle_open_count() != open_before)
            abort();
    } else if (root != DRMQUERYHANDLE_INVALID) {
        abort();
    }
    free(text);
    return 0;
}
