/*
 * openmsdrm demo client: what an application linked against msdrm.lib sees
 * today. It loads msdrm.dll the way every AD RMS application does, checks
 * that all 95 exports resolve, and then runs the flow of Microsoft's
 * machine-activation sample: DRMCreateClientSession, DRMIsActivated,
 * DRMActivate(MACHINE | SILENT) with its callbacks, DRMIsActivated again,
 * and DRMEnumerateLicense for the machine certificate; then reads that
 * certificate through the unbound-license query API, and opens and closes
 * a secure environment on it, as the consumption samples begin.
 *
 * Given a server (`--server http://host:port/_wmcs`, as msdrm-server prints
 * it, and `--user e-mail`), it goes on as Microsoft's UserActivation and
 * AcquireClientLicensor samples do: DRMActivate(GROUPIDENTITY | SILENT)
 * against the server's certification service, the rights account
 * certificate enumerated, then DRMAcquireLicense on the client session for
 * a client licensor certificate from the licensing service, enumerated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hresult_names.h"
#include "dynload.h"
#include "export_table.h"
#include "msdrm.h"
#include "test_platform.h"

#ifndef MSDRM_LIBRARY_FILE
#error "MSDRM_LIBRARY_FILE comes from tests/CMakeLists.txt"
#endif

static const char *name_of(HRESULT hr)
{
    const char *name = hresult_name(hr);
    return name != NULL ? name : "(unknown)";
}

/* What the callback saw: the samples wait for S_DRM_COMPLETED or a failure. */
struct operation {
    test_mutex lock;
    HRESULT terminal;
    int done;
};

static HRESULT __stdcall demo_callback(DRM_STATUS_MSG msg, HRESULT hr, void *param, void *context)
{
    struct operation *operation = context;
    if (hr == S_DRM_INPROGRESS && param != NULL)
        printf("  callback: message %d, %s %lu%%\n", (int)msg, name_of(hr),
               (unsigned long)*(DWORD *)param);
    else
        printf("  callback: message %d, %s\n", (int)msg, name_of(hr));
    if (hr == S_DRM_COMPLETED || FAILED(hr)) {
        test_mutex_lock(&operation->lock);
        operation->terminal = hr;
        operation->done = 1;
        test_mutex_unlock(&operation->lock);
    }
    return S_OK;
}

static HRESULT wait_for(struct operation *operation)
{
    for (int waited = 0; waited < 120000; waited += 10) {
        test_mutex_lock(&operation->lock);
        int done = operation->done;
        test_mutex_unlock(&operation->lock);
        if (done)
            return operation->terminal;
        test_sleep_ms(10);
    }
    return E_FAIL;
}

static void step(const char *what, HRESULT hr)
{
    printf("%s: 0x%08lx %s\n", what, (unsigned long)(unsigned)hr, name_of(hr));
}

/* A heap UTF-16 copy of ASCII `text` followed by ASCII `suffix`. */
static WCHAR *wide_url(const char *text, const char *suffix)
{
    size_t length = strlen(text), extra = strlen(suffix);
    WCHAR *wide = malloc((length + extra + 1) * sizeof(WCHAR));
    if (wide == NULL)
        return NULL;
    for (size_t i = 0; i < length; i++)
        wide[i] = (WCHAR)(unsigned char)text[i];
    for (size_t i = 0; i < extra; i++)
        wide[length + i] = (WCHAR)(unsigned char)suffix[i];
    wide[length + extra] = 0;
    return wide;
}

/* Enumerates certificate 0 of `category` and prints its length. */
static void print_first(DRMHSESSION client, UINT category, const char *what)
{
    UINT length = 0;
    BOOL shared = FALSE;
    HRESULT hr = DRMEnumerateLicense(client, category, 0, &shared, &length, NULL);
    printf("DRMEnumerateLicense(%s, 0): 0x%08lx %s", what, (unsigned long)(unsigned)hr,
           name_of(hr));
    if (SUCCEEDED(hr))
        printf(", %lu characters", (unsigned long)length);
    printf("\n");
}

/* User activation and a client licensor certificate from `server`. */
static int talk_to_server(DRMHSESSION client, struct operation *operation, const char *server)
{
    HRESULT hr = DRMIsActivated(client, DRM_ACTIVATE_GROUPIDENTITY, NULL);
    step("DRMIsActivated(group identity)", hr);
    if (hr == E_DRM_NEEDS_GROUPIDENTITY_ACTIVATION) {
        DRM_ACTSERV_INFO info = {0};
        info.wszURL = wide_url(server, "/certification");
        operation->done = 0;
        hr = info.wszURL != NULL ? DRMActivate(client, DRM_ACTIVATE_GROUPIDENTITY |
                                                           DRM_ACTIVATE_SILENT,
                                               0, &info, operation, NULL)
                                 : E_OUTOFMEMORY;
        step("DRMActivate(group identity, silent)", hr);
        if (SUCCEEDED(hr))
            step("user activation finished", hr = wait_for(operation));
        free(info.wszURL);
        if (FAILED(hr))
            return 1;
        step("DRMIsActivated(group identity)", DRMIsActivated(client, DRM_ACTIVATE_GROUPIDENTITY,
                                                              NULL));
    }
    print_first(client, DRM_EL_GROUPIDENTITY, "group identity");

    WCHAR *licensing = wide_url(server, "/licensing");
    operation->done = 0;
    hr = licensing != NULL ? DRMAcquireLicense(client, 0, NULL, NULL, NULL, licensing, operation)
                           : E_OUTOFMEMORY;
    step("DRMAcquireLicense(client licensor certificate)", hr);
    if (SUCCEEDED(hr))
        step("client licensor certificate acquisition finished", hr = wait_for(operation));
    free(licensing);
    if (FAILED(hr))
        return 1;
    print_first(client, DRM_EL_CLIENTLICENSOR, "client licensor");
    return 0;
}

/* A string attribute of a query handle, printed; the API's sizes are bytes. */
static void print_attribute(const char *label, DRMQUERYHANDLE handle, const WCHAR *name)
{
    DRMENCODINGTYPE encoding;
    WCHAR value[256];
    UINT size = sizeof value;
    HRESULT hr =
        DRMGetUnboundLicenseAttribute(handle, (PWSTR)name, 0, &encoding, &size, (BYTE *)value);
    printf("  %s: ", label);
    if (FAILED(hr) || encoding != DRMENCODINGTYPE_STRING) {
        printf("0x%08lx %s\n", (unsigned long)(unsigned)hr, name_of(hr));
        return;
    }
    for (size_t i = 0; value[i] != 0; i++)
        putchar(value[i] < 0x80 ? (int)value[i] : '?');
    putchar('\n');
}

/* The leaf of the machine certificate chain, read through the query API. */
static void query_certificate(PWSTR chain)
{
    UINT length = 0;
    HRESULT hr = DRMDeconstructCertificateChain(chain, 0, &length, NULL);
    WCHAR *leaf = SUCCEEDED(hr) ? malloc(length * sizeof(WCHAR)) : NULL;
    if (leaf != NULL)
        hr = DRMDeconstructCertificateChain(chain, 0, &length, leaf);
    step("DRMDeconstructCertificateChain(0)", hr);
    DRMQUERYHANDLE root = DRMQUERYHANDLE_INVALID, issuer = DRMQUERYHANDLE_INVALID;
    if (SUCCEEDED(hr))
        hr = DRMParseUnboundLicense(leaf, &root);
    step("DRMParseUnboundLicense", hr);
    if (SUCCEEDED(hr)) {
        print_attribute("certificate id", root, MSDRM_WSTR("id-value"));
        hr = DRMGetUnboundLicenseObject(root, (PWSTR)MSDRM_WSTR("issuer"), 0, &issuer);
        step("DRMGetUnboundLicenseObject(issuer)", hr);
    }
    if (SUCCEEDED(hr))
        print_attribute("issuer object type", issuer, MSDRM_WSTR("object-type"));
    if (root != DRMQUERYHANDLE_INVALID)
        step("DRMCloseQueryHandle", DRMCloseQueryHandle(root));
    free(leaf);
}

/* DRMInitEnvironment on the machine certificate, with an unsigned manifest
 * (README: the manifest policy), then closing library before environment. */
static void open_environment(PWSTR machine_certificate)
{
    static const WCHAR manifest[] =
        MSDRM_WSTR("<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"LICENSE\" "
                   "version=\"3.0\"><DESCRIPTOR><OBJECT><ID type=\"MS-GUID\">"
                   "{6f3c8a52-1d2e-4b7a-9c0d-5e4f3a2b1c0d}</ID><NAME>openmsdrm demo</NAME></OBJECT>"
                   "</DESCRIPTOR></BODY></XrML>");
    UINT type_length = 0, path_length = 0;
    HRESULT hr = DRMGetSecurityProvider(0, &type_length, NULL, &path_length, NULL);
    WCHAR *type = malloc(type_length * sizeof(WCHAR)), *path = malloc(path_length * sizeof(WCHAR));
    if (SUCCEEDED(hr) && type != NULL && path != NULL)
        hr = DRMGetSecurityProvider(0, &type_length, type, &path_length, path);
    step("DRMGetSecurityProvider", hr);
    DRMENVHANDLE env = DRMENVHANDLE_INVALID;
    DRMHANDLE library = DRMHANDLE_INVALID;
    if (SUCCEEDED(hr))
        hr = DRMInitEnvironment(DRMSECURITYPROVIDERTYPE_SOFTWARESECREP, DRMSPECTYPE_FILENAME, path,
                                (PWSTR)manifest, machine_certificate, &env, &library);
    step("DRMInitEnvironment", hr);
    if (SUCCEEDED(hr)) {
        SYSTEMTIME now;
        hr = DRMGetTime(env, DRMTIMETYPE_SYSTEMUTC, &now);
        step("DRMGetTime(UTC)", hr);
        step("DRMCloseEnvironmentHandle before its library", DRMCloseEnvironmentHandle(env));
        step("DRMCloseHandle(library)", DRMCloseHandle(library));
        step("DRMCloseEnvironmentHandle", DRMCloseEnvironmentHandle(env));
    }
    free(type);
    free(path);
}

static int report_exports(void)
{
    char path[4096];
    char loaded[4096];
    struct dynload_library *library =
        dynload_open_beside_program(MSDRM_LIBRARY_FILE, path, sizeof path);
    if (library == NULL || !dynload_loaded_path(library, loaded, sizeof loaded)) {
        printf("could not load %s\n", path);
        return 1;
    }
    printf("loaded: %s\n", loaded);

    unsigned long by_name = 0, by_ordinal = 0, counts[4] = {0, 0, 0, 0};
    unsigned long total = (unsigned long)export_table_count;
    for (size_t i = 0; i < export_table_count; i++) {
        void *function = dynload_symbol(library, export_table[i].name);
        by_name += function != NULL;
        by_ordinal += function != NULL &&
                      dynload_symbol_by_ordinal(library, export_table[i].ordinal) == function;
        counts[export_table[i].status]++;
    }
    printf("exports: %lu of %lu resolve by name", by_name, total);
    if (dynload_has_ordinals())
        printf(", %lu of %lu by ordinal", by_ordinal, total);
    printf("\nstatus: %lu implemented, %lu partly, %lu retired (return E_NOTIMPL as "
           "documented), %lu not implemented yet\n",
           counts[EXPORT_IMPLEMENTED], counts[EXPORT_PARTIAL], counts[EXPORT_RETIRED],
           counts[EXPORT_NOT_IMPLEMENTED]);
    dynload_close(library);
    return by_name == total ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *server = NULL, *user = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--server") == 0)
            server = argv[i + 1];
        else if (strcmp(argv[i], "--user") == 0)
            user = argv[i + 1];
    }
    if (argc % 2 == 0 || (server != NULL) != (user != NULL)) {
        printf("usage: msdrm_demo [--server http://host:port/_wmcs --user e-mail]\n");
        return 2;
    }
    WCHAR *group_id = user != NULL ? wide_url(user, "") : NULL;

    printf("openmsdrm demo client\n");
    if (report_exports() != 0)
        return 1;

    struct operation operation = {.done = 0};
    test_mutex_init(&operation.lock);
    DRMHSESSION client = DRMHSESSION_INVALID;
    HRESULT hr = DRMCreateClientSession(demo_callback, DRMCALLBACKVERSION,
                                        (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, group_id,
                                        &client);
    step("DRMCreateClientSession", hr);
    if (FAILED(hr))
        return 1;

    hr = DRMIsActivated(client, DRM_ACTIVATE_MACHINE, NULL);
    step("DRMIsActivated(machine)", hr);
    if (hr == E_DRM_NEEDS_MACHINE_ACTIVATION) {
        hr = DRMActivate(client, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &operation,
                         NULL);
        step("DRMActivate(machine, silent)", hr);
        if (SUCCEEDED(hr))
            step("activation finished", wait_for(&operation));
        hr = DRMIsActivated(client, DRM_ACTIVATE_MACHINE, NULL);
        step("DRMIsActivated(machine)", hr);
    }

    UINT length = 0;
    BOOL shared = FALSE;
    hr = DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, NULL);
    step("DRMEnumerateLicense(machine, 0)", hr);
    WCHAR *certificate = SUCCEEDED(hr) ? malloc(length * sizeof(WCHAR)) : NULL;
    if (certificate != NULL &&
        SUCCEEDED(DRMEnumerateLicense(client, DRM_EL_MACHINE, 0, &shared, &length, certificate))) {
        printf("  machine certificate: %lu characters\n", (unsigned long)length);
        query_certificate(certificate);
        open_environment(certificate);
    }
    free(certificate);
    int result = server != NULL ? talk_to_server(client, &operation, server) : 0;
    step("DRMCloseSession", DRMCloseSession(client));
    free(group_id);
    return result;
}
