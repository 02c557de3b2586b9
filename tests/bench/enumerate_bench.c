/*
 * Benchmark (issue: license store): enumerating 10,000 stored items by
 * index through DRMEnumerateLicense, against 10,000 indexed SQLite reads of
 * the same rows in the same run. Target: the enumeration within 2x.
 *
 *   MSDRM_DATA_DIR=<empty folder> build/release/bin/enumerate_bench [runs]
 *
 * The two take turns, SLICE items at a time, so that whatever else the
 * machine does meanwhile falls on both alike. Prints each run and the
 * medians. The store is filled once per process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/license_store.h"
#include "bench_median.h"
#include "ignore_status.h"
#include "msdrm.h"
#include "platform/platform.h"
#include "test_platform.h"

#define ITEMS 10000
#define SLICE 500

static double now_ms(void)
{
    return (double)test_monotonic_ns() / 1e6;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 7;
    if (runs < 1 || runs > 100)
        runs = 7;
    struct license_store *store = NULL;
    if (FAILED(store_shared(&store))) {
        fprintf(stderr, "cannot open the store (set MSDRM_DATA_DIR to an empty folder)\n");
        return 1;
    }
    /* ~1 KB documents, like small certificates. */
    char xrml[1100];
    memset(xrml, 'x', sizeof xrml - 1);
    xrml[sizeof xrml - 1] = '\0';
    for (int i = 0; i < ITEMS; i++) {
        char id[32];
        snprintf(id, sizeof id, "clc-%d", i);
        struct store_item item = {0};
        item.kind = STORE_CLIENT_LICENSOR_CERTIFICATE;
        item.license_id = id;
        item.xrml = xrml;
        if (FAILED(store_add(store, &item, NULL)))
            return 1;
    }
    char folder[4096], path[4200];
    platform_user_data_dir(folder, sizeof folder);
    snprintf(path, sizeof path, "%s%sstore.db", folder, platform_path_separator());

    DRMHSESSION session = DRMHSESSION_INVALID;
    DRMCreateClientSession(ignore_status, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                           &session);
    static WCHAR buffer[2048];
    double enumerate[100], sqlite[100], ratio[100];
    for (int run = 0; run < runs; run++) {
        sqlite3 *db = NULL;
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
        sqlite3_stmt *read = NULL;
        sqlite3_prepare_v2(db, "SELECT xrml FROM items WHERE id = ?1", -1, &read, NULL);
        size_t total = 0;
        enumerate[run] = sqlite[run] = 0;
        for (UINT first = 0; first < ITEMS; first += SLICE) {
            double start = now_ms();
            for (UINT i = first; i < first + SLICE; i++) {
                UINT length = 2048;
                BOOL shared;
                if (DRMEnumerateLicense(session, DRM_EL_CLIENTLICENSOR, i, &shared, &length,
                                        buffer) != S_OK)
                    return 2;
            }
            enumerate[run] += now_ms() - start;

            start = now_ms();
            for (UINT i = first + 1; i <= first + SLICE; i++) { /* ids count from 1 */
                sqlite3_bind_int64(read, 1, i);
                if (sqlite3_step(read) == SQLITE_ROW)
                    total += (size_t)sqlite3_column_bytes(read, 0);
                sqlite3_reset(read);
            }
            sqlite[run] += now_ms() - start;
        }
        sqlite3_finalize(read);
        sqlite3_close(db);
        if (total != (size_t)ITEMS * (sizeof xrml - 1))
            return 3;
        ratio[run] = enumerate[run] / sqlite[run];
        printf("run %d: DRMEnumerateLicense %.1f ms, SQLite reads %.1f ms, ratio %.2f\n", run + 1,
               enumerate[run], sqlite[run], ratio[run]);
    }
    double e = bench_median(enumerate, (size_t)runs), q = bench_median(sqlite, (size_t)runs);
    printf("median of %d: DRMEnumerateLicense %.1f ms, SQLite reads %.1f ms; ratio of a run "
           "%.2f (target <= 2)\n",
           runs, e, q, bench_median(ratio, (size_t)runs));
    DRMCloseSession(session);
    return 0;
}
