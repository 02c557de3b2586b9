/*
 * openmsdrm demo client: what an application linked against msdrm.lib sees
 * today. It loads msdrm.dll the way every AD RMS application does, checks
 * that all 95 exports resolve, and makes the first call of every AD RMS
 * program, DRMCreateClientSession.
 */
#include <stdio.h>

#include "core/hresult_names.h"
#include "dynload.h"
#include "export_table.h"
#include "msdrm.h"

#ifndef MSDRM_LIBRARY_FILE
#error "MSDRM_LIBRARY_FILE comes from tests/CMakeLists.txt"
#endif

static HRESULT __stdcall demo_callback(DRM_STATUS_MSG msg, HRESULT hr, void *param, void *context)
{
    (void)param;
    (void)context;
    printf("  callback: message %d, hr 0x%08lx\n", (int)msg, (unsigned long)(unsigned)hr);
    return S_OK;
}

static const char *name_of(HRESULT hr)
{
    const char *name = hresult_name(hr);
    return name != NULL ? name : "(unknown)";
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

int main(void)
{
    printf("openmsdrm demo client\n");
    if (report_exports() != 0)
        return 1;

    DRMHSESSION client = DRMHSESSION_INVALID;
    HRESULT hr = DRMCreateClientSession(demo_callback, DRMCALLBACKVERSION,
                                        (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, &client);
    printf("DRMCreateClientSession: 0x%08lx %s\n", (unsigned long)(unsigned)hr, name_of(hr));
    if (SUCCEEDED(hr))
        DRMCloseSession(client);
    return 0;
}
