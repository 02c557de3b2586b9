/*
 * openmsdrm - the permanent license store on SQLite (see license_store.h).
 *
 * Opening checks before it changes anything: the schema version is read
 * and the database quick-checked first, so a garbage, damaged or newer
 * file is reported without a byte of it written. Only then is the journal
 * switched to WAL and a new database given its schema.
 *
 * One connection per store object, used under `lock` so that a statement
 * sequence (a transaction) is not interleaved with another thread's; so
 * SQLite's own mutex around each call on the connection is switched off
 * (SQLITE_OPEN_NOMUTEX: one thread at a time, whichever).
 *
 * The store's version is the pager's data version
 * (SQLITE_FCNTL_DATA_VERSION), which changes with every commit, this
 * connection's or another's (in any process); it is read while a statement
 * holds its read transaction open, so it names what that statement reads.
 * An enumeration step is then one statement: no BEGIN, no COMMIT.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "store/license_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "msdrmerror.h"
#include "platform/platform.h"

/* How long a writer waits for another process's transaction. */
#define BUSY_TIMEOUT_MS 10000

struct license_store {
    sqlite3 *db;
    platform_mutex lock;
    /* Prepared once: enumeration reads one item a call. */
    sqlite3_stmt *get_item;
    sqlite3_stmt *schema_version;
};

static const char schema_v1[] = "CREATE TABLE items ("
                                " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                " kind INTEGER NOT NULL,"
                                " license_id TEXT,"
                                " group_identity TEXT,"
                                " issuer_name TEXT,"
                                " content_id TEXT,"
                                " valid_from INTEGER NOT NULL DEFAULT 0,"
                                " valid_until INTEGER NOT NULL DEFAULT 0,"
                                " shared INTEGER NOT NULL DEFAULT 0,"
                                " xrml TEXT NOT NULL);"
                                "CREATE INDEX items_by_kind ON items(kind, id);"
                                "CREATE INDEX items_by_license_id ON items(license_id);"
                                "PRAGMA user_version = 1;";

HRESULT store_hresult_from_sqlite(int code)
{
    switch (code & 0xFF) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return S_OK;
    case SQLITE_NOMEM:
        return E_OUTOFMEMORY;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
        return E_ACCESSDENIED;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_FORMAT:
        return E_MSDRM_STORE_CORRUPT;
    default:
        return E_FAIL;
    }
}

/* For a code that should have been success: never lets a failure pass. */
static HRESULT failure_from_sqlite(int code)
{
    HRESULT hr = store_hresult_from_sqlite(code);
    return FAILED(hr) ? hr : E_FAIL;
}

static HRESULT exec(sqlite3 *db, const char *sql)
{
    return store_hresult_from_sqlite(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

/* Runs a query whose one row holds one integer (or one text, *text). */
static HRESULT query_single(sqlite3 *db, const char *sql, int64_t *number, char *text,
                            size_t text_size)
{
    sqlite3_stmt *statement = NULL;
    int code = sqlite3_prepare_v2(db, sql, -1, &statement, NULL);
    if (code == SQLITE_OK) {
        code = sqlite3_step(statement);
        if (code == SQLITE_ROW) {
            if (number != NULL)
                *number = sqlite3_column_int64(statement, 0);
            if (text != NULL) {
                const unsigned char *value = sqlite3_column_text(statement, 0);
                snprintf(text, text_size, "%s", value != NULL ? (const char *)value : "");
            }
            code = SQLITE_OK;
        }
    }
    sqlite3_finalize(statement);
    return store_hresult_from_sqlite(code);
}

/* Reads and checks without writing: version first, then quick_check. */
static HRESULT check_existing(sqlite3 *db, int64_t *version)
{
    HRESULT hr = query_single(db, "PRAGMA user_version", version, NULL, 0);
    if (FAILED(hr))
        return hr;
    if (*version > STORE_SCHEMA_VERSION)
        return E_DRM_INVALID_VERSION;
    char verdict[64];
    hr = query_single(db, "PRAGMA quick_check", NULL, verdict, sizeof verdict);
    if (FAILED(hr))
        return hr;
    return strcmp(verdict, "ok") == 0 ? S_OK : E_MSDRM_STORE_CORRUPT;
}

/* Creates or migrates the schema, under a write lock so that two
 * processes opening a new store at once do it once. */
static HRESULT migrate(sqlite3 *db)
{
    HRESULT hr = exec(db, "BEGIN IMMEDIATE");
    if (FAILED(hr))
        return hr;
    int64_t version = 0;
    hr = query_single(db, "PRAGMA user_version", &version, NULL, 0);
    if (SUCCEEDED(hr) && version == 0)
        hr = exec(db, schema_v1);
    /* Later schema versions add their steps here, each from the last. */
    if (SUCCEEDED(hr))
        hr = exec(db, "COMMIT");
    if (FAILED(hr))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return hr;
}

HRESULT store_open(const char *path, struct license_store **store)
{
    *store = NULL;
    HRESULT hr = platform_prepare_private_file(path);
    if (FAILED(hr))
        return hr;

    sqlite3 *db = NULL;
    int code = sqlite3_open_v2(path, &db,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                               NULL);
    if (code != SQLITE_OK) {
        sqlite3_close(db);
        return store_hresult_from_sqlite(code);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);

    int64_t version = 0;
    hr = check_existing(db, &version);
    char mode[16] = "";
    if (SUCCEEDED(hr))
        hr = query_single(db, "PRAGMA journal_mode = WAL", NULL, mode, sizeof mode);
    if (SUCCEEDED(hr) && strcmp(mode, "wal") != 0)
        hr = E_ACCESSDENIED; /* WAL needs to create its files beside the store */
    if (SUCCEEDED(hr))
        hr = exec(db, "PRAGMA synchronous = FULL");
    if (SUCCEEDED(hr) && version < STORE_SCHEMA_VERSION)
        hr = migrate(db);
    if (FAILED(hr)) {
        sqlite3_close(db);
        return hr;
    }

    struct license_store *opened = calloc(1, sizeof *opened);
    if (opened == NULL) {
        sqlite3_close(db);
        return E_OUTOFMEMORY;
    }
    opened->db = db;
    platform_mutex_init(&opened->lock);
    *store = opened;
    return S_OK;
}

HRESULT store_open_default(struct license_store **store)
{
    char folder[4096];
    char path[4096 + 16];
    *store = NULL;
    HRESULT hr = platform_user_data_dir(folder, sizeof folder);
    if (FAILED(hr))
        return hr;
    snprintf(path, sizeof path, "%s%sstore.db", folder, platform_path_separator());
    return store_open(path, store);
}

static platform_mutex shared_lock = PLATFORM_MUTEX_INIT;
static struct license_store *shared_store;

HRESULT store_shared(struct license_store **store)
{
    HRESULT hr = S_OK;
    platform_mutex_lock(&shared_lock);
    if (shared_store == NULL)
        hr = store_open_default(&shared_store);
    *store = shared_store;
    platform_mutex_unlock(&shared_lock);
    return hr;
}

void store_close(struct license_store *store)
{
    if (store == NULL)
        return;
    sqlite3_finalize(store->get_item);
    sqlite3_finalize(store->schema_version);
    sqlite3_close(store->db);
    platform_mutex_destroy(&store->lock);
    free(store);
}

static void bind_text(sqlite3_stmt *statement, int column, const char *text)
{
    if (text == NULL)
        sqlite3_bind_null(statement, column);
    else
        sqlite3_bind_text(statement, column, text, -1, SQLITE_STATIC);
}

/* Under the lock, inside a transaction. */
static HRESULT insert(sqlite3 *db, const struct store_item *item, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO items (kind, license_id, group_identity, issuer_name, content_id,"
        " valid_from, valid_until, shared, xrml) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    if (item->xrml == NULL)
        return E_INVALIDARG;
    sqlite3_stmt *statement = NULL;
    int code = sqlite3_prepare_v2(db, sql, -1, &statement, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int(statement, 1, (int)item->kind);
        bind_text(statement, 2, item->license_id);
        bind_text(statement, 3, item->group_identity);
        bind_text(statement, 4, item->issuer_name);
        bind_text(statement, 5, item->content_id);
        sqlite3_bind_int64(statement, 6, item->valid_from);
        sqlite3_bind_int64(statement, 7, item->valid_until);
        sqlite3_bind_int(statement, 8, item->shared ? 1 : 0);
        bind_text(statement, 9, item->xrml);
        code = sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    if (code != SQLITE_DONE)
        return failure_from_sqlite(code);
    if (id != NULL)
        *id = sqlite3_last_insert_rowid(db);
    return S_OK;
}

/* Deletes the items of `kinds` (and with this license ID, if not NULL;
 * end-user licenses also by content ID when `by_content_id`); *deleted
 * counts them. */
static HRESULT delete_items(sqlite3 *db, uint32_t kinds, const char *license_id, bool by_content_id,
                            int *deleted)
{
    sqlite3_stmt *statement = NULL;
    int code = sqlite3_prepare_v2(
        db,
        "DELETE FROM items WHERE ((1 << kind) & ?1) != 0 AND (?2 IS NULL OR license_id = ?2"
        " OR (kind = ?3 AND content_id = ?2))",
        -1, &statement, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, kinds);
        bind_text(statement, 2, license_id);
        /* kind 0 is never stored: no item matches by content ID then */
        sqlite3_bind_int(statement, 3, by_content_id ? STORE_END_USER_LICENSE : 0);
        code = sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    if (code != SQLITE_DONE)
        return failure_from_sqlite(code);
    *deleted = sqlite3_changes(db);
    return S_OK;
}

/* Runs `work` in one write transaction under the lock. */
struct write_work {
    HRESULT (*run)(sqlite3 *db, void *context);
    void *context;
};

static HRESULT write_transaction(struct license_store *store, struct write_work work)
{
    platform_mutex_lock(&store->lock);
    HRESULT hr = exec(store->db, "BEGIN IMMEDIATE");
    if (SUCCEEDED(hr)) {
        hr = work.run(store->db, work.context);
        if (SUCCEEDED(hr))
            hr = exec(store->db, "COMMIT");
        if (FAILED(hr))
            sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
    }
    platform_mutex_unlock(&store->lock);
    return hr;
}

struct add_work {
    const struct store_item *item;
    int64_t *id;
};

static HRESULT run_add(sqlite3 *db, void *context)
{
    struct add_work *work = context;
    return insert(db, work->item, work->id);
}

HRESULT store_add(struct license_store *store, const struct store_item *item, int64_t *id)
{
    struct add_work work = {item, id};
    return write_transaction(store, (struct write_work){run_add, &work});
}

struct replace_work {
    uint32_t kinds;
    const struct store_item *items;
    size_t count;
};

static HRESULT run_replace(sqlite3 *db, void *context)
{
    struct replace_work *work = context;
    int deleted = 0;
    HRESULT hr = delete_items(db, work->kinds, NULL, false, &deleted);
    for (size_t i = 0; SUCCEEDED(hr) && i < work->count; i++)
        hr = insert(db, &work->items[i], NULL);
    return hr;
}

HRESULT store_replace(struct license_store *store, uint32_t kinds, const struct store_item *items,
                      size_t count)
{
    struct replace_work work = {kinds, items, count};
    return write_transaction(store, (struct write_work){run_replace, &work});
}

struct put_work {
    const struct store_item *item;
    int64_t *id;
};

static HRESULT run_put(sqlite3 *db, void *context)
{
    struct put_work *work = context;
    int deleted = 0;
    HRESULT hr = delete_items(db, STORE_KIND_MASK(work->item->kind), work->item->license_id, false,
                              &deleted);
    return SUCCEEDED(hr) ? insert(db, work->item, work->id) : hr;
}

HRESULT store_put(struct license_store *store, const struct store_item *item, int64_t *id)
{
    if (item->license_id == NULL)
        return E_INVALIDARG;
    struct put_work work = {item, id};
    return write_transaction(store, (struct write_work){run_put, &work});
}

struct delete_work {
    uint32_t kinds;
    const char *license_id;
    bool by_content_id;
};

static HRESULT run_delete(sqlite3 *db, void *context)
{
    struct delete_work *work = context;
    int deleted = 0;
    HRESULT hr = delete_items(db, work->kinds, work->license_id, work->by_content_id, &deleted);
    return SUCCEEDED(hr) && deleted == 0 ? E_DRM_RECORD_NOT_FOUND : hr;
}

HRESULT store_delete_license(struct license_store *store, uint32_t kinds, const char *license_id)
{
    if (license_id == NULL)
        return E_INVALIDARG;
    struct delete_work work = {kinds, license_id, true};
    return write_transaction(store, (struct write_work){run_delete, &work});
}

HRESULT store_delete_license_id(struct license_store *store, uint32_t kinds, const char *license_id)
{
    if (license_id == NULL)
        return E_INVALIDARG;
    struct delete_work work = {kinds, license_id, false};
    return write_transaction(store, (struct write_work){run_delete, &work});
}

static HRESULT run_delete_kinds(sqlite3 *db, void *context)
{
    int deleted = 0;
    return delete_items(db, *(uint32_t *)context, NULL, false, &deleted);
}

HRESULT store_delete_kinds(struct license_store *store, uint32_t kinds)
{
    return write_transaction(store, (struct write_work){run_delete_kinds, &kinds});
}

static char *column_copy(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    if (text == NULL)
        return NULL;
    size_t length = (size_t)sqlite3_column_bytes(statement, column);
    char *copy = malloc(length + 1);
    if (copy != NULL)
        memcpy(copy, text, length + 1);
    return copy;
}

void store_item_clear(struct store_item *item)
{
    free(item->license_id);
    free(item->group_identity);
    free(item->issuer_name);
    free(item->content_id);
    free(item->xrml);
    memset(item, 0, sizeof *item);
}

/* Under the lock: a statement prepared once and reset for each use. */
static int cached_statement(struct license_store *store, sqlite3_stmt **statement, const char *sql)
{
    if (*statement != NULL) {
        sqlite3_reset(*statement);
        sqlite3_clear_bindings(*statement);
        return SQLITE_OK;
    }
    return sqlite3_prepare_v3(store->db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, NULL);
}

/* Under the lock, while a statement holds the read transaction open: the
 * version of what it reads (see the top of this file). */
static uint64_t data_version(struct license_store *store)
{
    unsigned int version = 0;
    sqlite3_file_control(store->db, "main", SQLITE_FCNTL_DATA_VERSION, &version);
    return version;
}

/*
 * Under the lock: reads item `id` with the cached statement. With
 * `expected` set, only if the store's version is still *expected: else
 * *current is false and nothing is read (S_OK).
 */
static HRESULT read_item(struct license_store *store, int64_t id, const uint64_t *expected,
                         struct store_item *item, bool *current)
{
    memset(item, 0, sizeof *item);
    *current = false;
    int code = cached_statement(store, &store->get_item,
                                "SELECT kind, license_id, group_identity, issuer_name,"
                                " content_id, valid_from, valid_until, shared, xrml"
                                " FROM items WHERE id = ?1");
    sqlite3_stmt *statement = store->get_item;
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, id);
        code = sqlite3_step(statement);
    }
    bool same = expected == NULL ||
                ((code == SQLITE_ROW || code == SQLITE_DONE) && data_version(store) == *expected);
    HRESULT hr = S_OK;
    if (code == SQLITE_ROW && same) {
        item->id = id;
        item->kind = (enum store_kind)sqlite3_column_int(statement, 0);
        item->license_id = column_copy(statement, 1);
        item->group_identity = column_copy(statement, 2);
        item->issuer_name = column_copy(statement, 3);
        item->content_id = column_copy(statement, 4);
        item->valid_from = sqlite3_column_int64(statement, 5);
        item->valid_until = sqlite3_column_int64(statement, 6);
        item->shared = sqlite3_column_int(statement, 7) != 0;
        item->xrml = column_copy(statement, 8);
        if (item->xrml == NULL)
            hr = E_OUTOFMEMORY;
        *current = SUCCEEDED(hr);
    } else if (code == SQLITE_DONE && same) {
        hr = E_DRM_RECORD_NOT_FOUND;
    } else if (code != SQLITE_ROW && code != SQLITE_DONE) {
        hr = failure_from_sqlite(code);
    }
    if (statement != NULL)
        sqlite3_reset(statement);
    if (!*current)
        store_item_clear(item);
    return hr;
}

/* Under the lock: the version (see store_version). */
static HRESULT read_version(struct license_store *store, uint64_t *version)
{
    /* Any read opens the transaction that the version belongs to. */
    int code = cached_statement(store, &store->schema_version, "PRAGMA schema_version");
    if (code == SQLITE_OK)
        code = sqlite3_step(store->schema_version);
    HRESULT hr = code == SQLITE_ROW ? S_OK : failure_from_sqlite(code);
    *version = SUCCEEDED(hr) ? data_version(store) : 0;
    if (store->schema_version != NULL)
        sqlite3_reset(store->schema_version);
    return hr;
}

HRESULT store_get(struct license_store *store, int64_t id, struct store_item *item)
{
    bool found;
    platform_mutex_lock(&store->lock);
    HRESULT hr = read_item(store, id, NULL, item, &found);
    platform_mutex_unlock(&store->lock);
    return hr;
}

HRESULT store_get_if_current(struct license_store *store, int64_t id, uint64_t expected,
                             struct store_item *item, bool *current)
{
    platform_mutex_lock(&store->lock);
    HRESULT hr = read_item(store, id, &expected, item, current);
    platform_mutex_unlock(&store->lock);
    return hr;
}

HRESULT store_list(struct license_store *store, const struct store_filter *filter, int64_t **ids,
                   size_t *count)
{
    *ids = NULL;
    *count = 0;
    size_t capacity = 0;
    HRESULT hr = S_OK;
    platform_mutex_lock(&store->lock);
    sqlite3_stmt *statement = NULL;
    int code = sqlite3_prepare_v2(store->db,
                                  "SELECT id FROM items WHERE ((1 << kind) & ?1) != 0"
                                  " AND (?2 IS NULL OR group_identity = ?2)"
                                  " AND (?3 = 0 OR valid_until = 0 OR valid_until > ?3)"
                                  " AND (?4 IS NULL OR content_id = ?4)"
                                  " ORDER BY id",
                                  -1, &statement, NULL);
    if (code == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, filter->kinds);
        bind_text(statement, 2, filter->group_identity);
        sqlite3_bind_int64(statement, 3, filter->valid_at);
        bind_text(statement, 4, filter->content_id);
        while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
            if (*count == capacity) {
                capacity = capacity == 0 ? 16 : capacity * 2;
                int64_t *grown = realloc(*ids, capacity * sizeof **ids);
                if (grown == NULL) {
                    hr = E_OUTOFMEMORY;
                    break;
                }
                *ids = grown;
            }
            (*ids)[(*count)++] = sqlite3_column_int64(statement, 0);
        }
    }
    if (SUCCEEDED(hr) && code != SQLITE_DONE)
        hr = failure_from_sqlite(code);
    sqlite3_finalize(statement);
    platform_mutex_unlock(&store->lock);
    if (FAILED(hr)) {
        free(*ids);
        *ids = NULL;
        *count = 0;
    }
    return hr;
}

HRESULT store_version(struct license_store *store, uint64_t *version)
{
    platform_mutex_lock(&store->lock);
    HRESULT hr = read_version(store, version);
    platform_mutex_unlock(&store->lock);
    return hr;
}
