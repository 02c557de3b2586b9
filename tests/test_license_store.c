/*
 * The permanent license store (src/store/license_store.c): items kept in
 * insertion order, atomic replacement, and the rules for bad stores and
 * crashes: a garbage, truncated or newer-schema file is reported and left
 * byte for byte as it was; a writer killed at a random moment loses no
 * write it had been told succeeded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/license_store.h"
#include "msdrmerror.h"
#include "platform/platform.h"
#include "spawn.h"
#include "test_platform.h"

static void data_path(const char *name, char *path, size_t size)
{
    char folder[4096];
    if (FAILED(platform_user_data_dir(folder, sizeof folder)))
        abort();
    snprintf(path, size, "%s%s%s", folder, platform_path_separator(), name);
}

/* Removes a database and its WAL files. */
static void remove_database(const char *path)
{
    char side[4300];
    remove(path);
    snprintf(side, sizeof side, "%s-wal", path);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", path);
    remove(side);
}

static struct store_item item_of(enum store_kind kind, const char *license_id,
                                 const char *group_identity, char *xrml)
{
    struct store_item item = {0};
    item.kind = kind;
    item.license_id = (char *)license_id;
    item.group_identity = (char *)group_identity;
    item.xrml = xrml;
    return item;
}

static void test_items_keep_insertion_order(void **state)
{
    (void)state;
    char path[4200];
    data_path("order.db", path, sizeof path);
    remove_database(path);
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), S_OK);

    char xrml[32];
    int64_t ids[6];
    for (int i = 0; i < 6; i++) {
        snprintf(xrml, sizeof xrml, "<XrML>%d</XrML>", i);
        struct store_item item =
            item_of(i % 2 ? STORE_RIGHTS_ACCOUNT_CERTIFICATE : STORE_CLIENT_LICENSOR_CERTIFICATE,
                    i < 3 ? "lid-a" : "lid-b", i < 4 ? "someone@example.com" : NULL, xrml);
        assert_int_equal(store_add(store, &item, &ids[i]), S_OK);
        if (i > 0)
            assert_true(ids[i] > ids[i - 1]);
    }

    int64_t *listed = NULL;
    size_t count = 0;
    assert_int_equal(
        store_list(store,
                   &(struct store_filter){STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE), NULL,
                                          0, NULL},
                   &listed, &count),
        S_OK);
    assert_int_equal(count, 3);
    assert_int_equal(listed[0], ids[1]);
    assert_int_equal(listed[2], ids[5]);
    free(listed);
    assert_int_equal(
        store_list(store,
                   &(struct store_filter){STORE_KIND_MASK(STORE_RIGHTS_ACCOUNT_CERTIFICATE),
                                          "someone@example.com", 0, NULL},
                   &listed, &count),
        S_OK);
    assert_int_equal(count, 2);
    free(listed);

    struct store_item read = {0};
    assert_int_equal(store_get(store, ids[4], &read), S_OK);
    assert_string_equal(read.xrml, "<XrML>4</XrML>");
    assert_string_equal(read.license_id, "lid-b");
    assert_null(read.group_identity);
    assert_int_equal(read.kind, STORE_CLIENT_LICENSOR_CERTIFICATE);
    store_item_clear(&read);

    /* Deleting by license ID, of the kinds asked for only. */
    assert_int_equal(
        store_delete_license(store, STORE_KIND_MASK(STORE_CLIENT_LICENSOR_CERTIFICATE), "lid-a"),
        S_OK);
    assert_int_equal(
        store_delete_license(store, STORE_KIND_MASK(STORE_CLIENT_LICENSOR_CERTIFICATE), "lid-a"),
        E_DRM_RECORD_NOT_FOUND);
    assert_int_equal(store_get(store, ids[0], &read), E_DRM_RECORD_NOT_FOUND);
    assert_int_equal(store_get(store, ids[1], &read), S_OK);
    store_item_clear(&read);
    store_close(store);

    /* Everything persists. */
    assert_int_equal(store_open(path, &store), S_OK);
    assert_int_equal(
        store_list(store, &(struct store_filter){UINT32_MAX, NULL, 0, NULL}, &listed, &count),
        S_OK);
    assert_int_equal(count, 4);
    free(listed);
    store_close(store);
    remove_database(path);
}

static void test_replace_is_atomic(void **state)
{
    (void)state;
    char path[4200];
    data_path("replace.db", path, sizeof path);
    remove_database(path);
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), S_OK);
    uint64_t before = 0, after = 0;
    assert_int_equal(store_version(store, &before), S_OK);

    struct store_item first[2] = {item_of(STORE_MACHINE_CERTIFICATE, "m1", NULL, "<a/>"),
                                  item_of(STORE_LOCKBOX, "k1", NULL, "key1")};
    assert_int_equal(
        store_replace(store,
                      STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE) | STORE_KIND_MASK(STORE_LOCKBOX),
                      first, 2),
        S_OK);
    assert_int_equal(store_version(store, &after), S_OK);
    assert_true(after != before);

    /* A replacement that fails half-way (an item without XrML) changes
     * nothing. */
    struct store_item broken[2] = {item_of(STORE_MACHINE_CERTIFICATE, "m2", NULL, "<b/>"),
                                   item_of(STORE_LOCKBOX, "k2", NULL, NULL)};
    assert_int_equal(
        store_replace(store,
                      STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE) | STORE_KIND_MASK(STORE_LOCKBOX),
                      broken, 2),
        E_INVALIDARG);
    int64_t *listed = NULL;
    size_t count = 0;
    assert_int_equal(store_list(store,
                                &(struct store_filter){STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE),
                                                       NULL, 0, NULL},
                                &listed, &count),
                     S_OK);
    assert_int_equal(count, 1);
    struct store_item read = {0};
    assert_int_equal(store_get(store, listed[0], &read), S_OK);
    assert_string_equal(read.license_id, "m1");
    store_item_clear(&read);
    free(listed);
    store_close(store);
    remove_database(path);
}

/* --- bad stores --------------------------------------------------------------------- */

static size_t read_file(const char *path, unsigned char *buffer, size_t size)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    size_t length = fread(buffer, 1, size, file);
    fclose(file);
    return length;
}

static void write_file(const char *path, const unsigned char *bytes, size_t length)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(bytes, 1, length, file), length);
    fclose(file);
}

/* Opens `path` expecting `expected`, and checks the file did not change. */
static void assert_refused_untouched(const char *path, HRESULT expected)
{
    static unsigned char before[1 << 20], after[1 << 20];
    size_t length_before = read_file(path, before, sizeof before);
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), expected);
    assert_null(store);
    size_t length_after = read_file(path, after, sizeof after);
    assert_int_equal(length_after, length_before);
    assert_memory_equal(after, before, length_before);
}

static void test_garbage_file_is_refused(void **state)
{
    (void)state;
    char path[4200];
    data_path("garbage.db", path, sizeof path);
    remove_database(path);
    unsigned char garbage[8192];
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof garbage; i++) {
        seed = seed * 1103515245u + 12345u;
        garbage[i] = (unsigned char)(seed >> 16);
    }
    write_file(path, garbage, sizeof garbage);
    assert_refused_untouched(path, E_MSDRM_STORE_CORRUPT);
    remove_database(path);
}

static void fill_store(const char *path, int items)
{
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), S_OK);
    char xrml[600];
    memset(xrml, 'x', sizeof xrml - 1);
    xrml[sizeof xrml - 1] = '\0';
    for (int i = 0; i < items; i++) {
        struct store_item item = item_of(STORE_END_USER_LICENSE, "eul", NULL, xrml);
        assert_int_equal(store_add(store, &item, NULL), S_OK);
    }
    store_close(store); /* checkpoints the WAL into the file */
}

static void test_truncated_store_is_refused(void **state)
{
    (void)state;
    char path[4200];
    data_path("truncated.db", path, sizeof path);
    remove_database(path);
    fill_store(path, 200);
    static unsigned char bytes[1 << 20];
    size_t length = read_file(path, bytes, sizeof bytes);
    assert_true(length > 16384);
    write_file(path, bytes, length / 2);
    assert_refused_untouched(path, E_MSDRM_STORE_CORRUPT);
    remove_database(path);
}

static void test_newer_schema_is_refused(void **state)
{
    (void)state;
    char path[4200];
    data_path("newer.db", path, sizeof path);
    remove_database(path);
    fill_store(path, 3);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_refused_untouched(path, E_DRM_INVALID_VERSION);
    remove_database(path);
}

/* A store in a folder it may not write: the child, unprivileged, must be
 * refused (WAL needs its files beside the store) and change nothing. */
static int child_open_read_only(void)
{
    const char *path = getenv("MSDRM_TEST_READ_ONLY_STORE");
    if (path == NULL || !test_drop_privileges())
        return 2;
    struct license_store *store = NULL;
    HRESULT hr = store_open(path, &store);
    store_close(store);
    return hr == E_ACCESSDENIED ? 0 : 3;
}

static void test_read_only_folder_is_refused(void **state)
{
    (void)state;
    char folder[4096], path[4200];
    if (!test_make_shared_folder(folder, sizeof folder))
        skip(); /* no read-only folders here (Wine runs as root) */
    snprintf(path, sizeof path, "%s/store.db", folder);
    fill_store(path, 5); /* made by a writer, then the folder turns read-only */
    assert_true(test_make_read_only_folder(folder));
    static unsigned char before[1 << 20], after[1 << 20];
    size_t length = read_file(path, before, sizeof before);
    test_set_environment("MSDRM_TEST_READ_ONLY_STORE", path);
    struct child *child = child_spawn_self("open-read-only");
    assert_non_null(child);
    assert_int_equal(child_wait(child), 0);
    assert_int_equal(read_file(path, after, sizeof after), length);
    assert_memory_equal(after, before, length);
    char side[4300];
    snprintf(side, sizeof side, "%s-wal", path);
    assert_null(fopen(side, "rb")); /* no WAL file appeared */
    remove_database(path);
    remove(folder);
}

/* --- durability ------------------------------------------------------------------------ */

#define KILL_ROUNDS 100

/* The child: adds items as fast as it can, and after each S_OK appends the
 * item's number to the acknowledgement file. Runs until killed. */
static int child_writer(void)
{
    char path[4200], acked_path[4200];
    data_path("durability.db", path, sizeof path);
    data_path("durability.acked", acked_path, sizeof acked_path);
    struct license_store *store = NULL;
    if (FAILED(store_open(path, &store)))
        return 2;
    FILE *acked = fopen(acked_path, "ab");
    if (acked == NULL)
        return 3;
    /* Thread id and start time keep items of different children apart. */
    unsigned long long started = (unsigned long long)platform_monotonic_ms();
    for (unsigned long n = 0;; n++) {
        char xrml[96];
        snprintf(xrml, sizeof xrml, "item-%lu-%llu-%lu", platform_thread_id(), started, n);
        struct store_item item = item_of(STORE_END_USER_LICENSE, xrml, NULL, xrml);
        if (FAILED(store_add(store, &item, NULL)))
            return 4;
        fprintf(acked, "%s\n", xrml); /* the OS keeps it if we are killed */
        fflush(acked);
    }
}

static size_t file_size(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return 0;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fclose(file);
    return size > 0 ? (size_t)size : 0;
}

static void test_killed_writer_loses_nothing_acknowledged(void **state)
{
    (void)state;
    char path[4200], acked_path[4200];
    data_path("durability.db", path, sizeof path);
    data_path("durability.acked", acked_path, sizeof acked_path);
    remove_database(path);
    remove(acked_path);

    uint32_t seed = 4242;
    for (int round = 0; round < KILL_ROUNDS; round++) {
        size_t acked_before = file_size(acked_path);
        struct child *child = child_spawn_self("writer");
        assert_non_null(child);
        /* Wait until it writes, then kill it at a random moment. */
        for (int waited = 0; file_size(acked_path) == acked_before; waited++) {
            if (waited > 30000)
                fail_msg("the writer never wrote");
            platform_sleep_ms(1);
        }
        seed = seed * 1103515245u + 12345u;
        platform_sleep_ms((seed >> 16) % 20);
        child_kill(child);
    }

    /* Every acknowledged item is there, and the database is sound. */
    struct license_store *store = NULL;
    assert_int_equal(store_open(path, &store), S_OK);
    store_close(store);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *check = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(check), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(check, 0), "ok");
    sqlite3_finalize(check);

    sqlite3_stmt *find = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM items WHERE xrml = ?1", -1, &find, NULL),
        SQLITE_OK);
    FILE *acked = fopen(acked_path, "rb");
    assert_non_null(acked);
    char line[128];
    unsigned long checked = 0;
    while (fgets(line, sizeof line, acked) != NULL) {
        line[strcspn(line, "\r\n")] = '\0';
        sqlite3_bind_text(find, 1, line, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(find), SQLITE_ROW);
        if (sqlite3_column_int(find, 0) != 1)
            fail_msg("acknowledged item %s is missing", line);
        sqlite3_reset(find);
        checked++;
    }
    fclose(acked);
    sqlite3_finalize(find);
    sqlite3_close(db);
    assert_true(checked >= KILL_ROUNDS);
    print_message("%lu acknowledged items all present after %d kills\n", checked, KILL_ROUNDS);
    remove_database(path);
    remove(acked_path);
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "writer") == 0)
        return child_writer();
    if (role != NULL && strcmp(role, "open-read-only") == 0)
        return child_open_read_only();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_keep_insertion_order),
        cmocka_unit_test(test_replace_is_atomic),
        cmocka_unit_test(test_garbage_file_is_refused),
        cmocka_unit_test(test_truncated_store_is_refused),
        cmocka_unit_test(test_newer_schema_is_refused),
        cmocka_unit_test(test_read_only_folder_is_refused),
        cmocka_unit_test(test_killed_writer_loses_nothing_acknowledged),
    };
    return cmocka_run_group_tests_name("license_store", tests, NULL, NULL);
}
