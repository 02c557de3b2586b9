/*
 * Benchmark (issue 5: the unbound-license query API): attribute lookups
 * per second on a parsed license, through the exports as an application
 * makes them, with the two-call protocol's second call (the buffer given).
 *
 *   build/native-release/bin/query_bench [runs]
 *
 * Three workloads on the use license of [MS-RMPR] §4.5.6: a string at the
 * root (id-value), a time (issued-time) and a string four levels down
 * (the right's name, handles kept open); plus opening and closing a
 * sub-object. Prints each run and the medians.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_median.h"
#include "msdrm.h"
#include "platform/platform.h"

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/bench/CMakeLists.txt"
#endif

#define LOOKUPS 2000000

static WCHAR *widen(const char *ascii)
{
    size_t length = strlen(ascii);
    WCHAR *wide = malloc((length + 1) * sizeof(WCHAR));
    if (wide == NULL)
        exit(1);
    for (size_t i = 0; i <= length; i++)
        wide[i] = (WCHAR)(unsigned char)ascii[i];
    return wide;
}

static WCHAR *read_license(void)
{
    FILE *file = fopen(MSDRM_SPEC_EXAMPLES "/rmpr-4.5.6-use-license.xml", "rb");
    if (file == NULL) {
        fprintf(stderr, "cannot read the example license\n");
        exit(1);
    }
    static char text[65536];
    size_t length = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    text[length] = '\0';
    return widen(text);
}

static DRMQUERYHANDLE child(DRMQUERYHANDLE parent, const char *name)
{
    WCHAR *wide = widen(name);
    DRMQUERYHANDLE found = 0;
    if (DRMGetUnboundLicenseObject(parent, wide, 0, &found) != S_OK)
        exit(1);
    free(wide);
    return found;
}

/* Lookups per second of `name` on `handle`. */
static double lookups_per_second(DRMQUERYHANDLE handle, const WCHAR *name)
{
    BYTE buffer[256];
    double start = (double)platform_monotonic_ms();
    for (int i = 0; i < LOOKUPS; i++) {
        DRMENCODINGTYPE encoding;
        UINT size = sizeof buffer;
        if (DRMGetUnboundLicenseAttribute(handle, (PWSTR)name, 0, &encoding, &size, buffer) != S_OK)
            exit(1);
    }
    double elapsed = (double)platform_monotonic_ms() - start;
    return LOOKUPS / (elapsed > 0 ? elapsed : 1) * 1000;
}

static double opens_per_second(DRMQUERYHANDLE handle, const WCHAR *name)
{
    double start = (double)platform_monotonic_ms();
    for (int i = 0; i < LOOKUPS / 4; i++) {
        DRMQUERYHANDLE opened = 0;
        if (DRMGetUnboundLicenseObject(handle, (PWSTR)name, 0, &opened) != S_OK ||
            DRMCloseQueryHandle(opened) != S_OK)
            exit(1);
    }
    double elapsed = (double)platform_monotonic_ms() - start;
    return LOOKUPS / 4 / (elapsed > 0 ? elapsed : 1) * 1000;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 7;
    if (runs < 1 || runs > 100)
        runs = 7;
    WCHAR *license = read_license();
    DRMQUERYHANDLE root = 0;
    if (DRMParseUnboundLicense(license, &root) != S_OK)
        return 1;
    DRMQUERYHANDLE right = child(child(child(root, "work"), "rights-group"), "right");
    WCHAR *id_value = widen("id-value"), *issued = widen("issued-time"), *name = widen("name"),
          *work = widen("work");

    double results[4][100];
    for (int run = 0; run < runs; run++) {
        results[0][run] = lookups_per_second(root, id_value);
        results[1][run] = lookups_per_second(root, issued);
        results[2][run] = lookups_per_second(right, name);
        results[3][run] = opens_per_second(root, work);
        printf("run %d: id-value %.0f/s, issued-time %.0f/s, right name %.0f/s, "
               "open+close %.0f/s\n",
               run + 1, results[0][run], results[1][run], results[2][run], results[3][run]);
    }
    for (int i = 0; i < 4; i++)
        bench_median(results[i], (size_t)runs);
    printf("median: id-value %.0f lookups/s, issued-time %.0f lookups/s, right name %.0f "
           "lookups/s, sub-object open+close %.0f/s\n",
           results[0][runs / 2], results[1][runs / 2], results[2][runs / 2], results[3][runs / 2]);
    DRMCloseQueryHandle(root);
    free(license);
    free(id_value);
    free(issued);
    free(name);
    free(work);
    return 0;
}
