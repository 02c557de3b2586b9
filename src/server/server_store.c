/*
 * openmsdrm - msdrm-server's database (see server_store.h).
 *
 * Locks: `db_lock` guards the connection and its statements; `log_lock`
 * guards the queue of log rows waiting for a commit. No thread holds both
 * at once: the committing thread takes a batch under log_lock, releases
 * it, writes the batch under db_lock, then reports under log_lock.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "server/server_store.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <sqlite3.h>

#include "store/license_store.h"
#include "util/wstring.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define BUSY_TIMEOUT_MS 10000

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS identity("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " server_guid TEXT NOT NULL, root_key BLOB NOT NULL, slc_key BLOB NOT NULL,"
    " root_certificate TEXT NOT NULL, slc_certificate TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS users("
    " email TEXT PRIMARY KEY COLLATE NOCASE, principal_id TEXT NOT NULL,"
    " private_key BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS issued("
    " serial INTEGER PRIMARY KEY, kind TEXT NOT NULL, license_id TEXT NOT NULL UNIQUE,"
    " email TEXT NOT NULL, issued INTEGER NOT NULL, valid_until INTEGER NOT NULL,"
    " certificate TEXT NOT NULL);";

/* One row waiting for a commit, on the caller's stack. */
struct pending_row {
    const struct server_issued *row;
    struct pending_row *next;
    HRESULT result;
    bool done;
};

struct server_store {
    sqlite3 *db;
    platform_mutex db_lock;
    sqlite3_stmt *find_user, *add_user, *log_row;

    platform_mutex log_lock;
    platform_cond log_done;
    struct pending_row *queue, **queue_tail;
    bool committing;
};

static HRESULT exec(sqlite3 *db, const char *sql)
{
    return store_hresult_from_sqlite(sqlite3_exec(db, sql, NULL, NULL, NULL));
}

static HRESULT prepare(sqlite3 *db, const char *sql, sqlite3_stmt **statement)
{
    return store_hresult_from_sqlite(sqlite3_prepare_v2(db, sql, -1, statement, NULL));
}

/* A heap copy of a text column, or NULL when out of memory. */
static char *column_text(sqlite3_stmt *statement, int column)
{
    const unsigned char *text = sqlite3_column_text(statement, column);
    return str_copy(text != NULL ? (const char *)text : "");
}

/* A heap copy of a blob column (never NULL on success, even when empty). */
static HRESULT column_blob(sqlite3_stmt *statement, int column, uint8_t **bytes, size_t *length)
{
    int size = sqlite3_column_bytes(statement, column);
    const void *blob = sqlite3_column_blob(statement, column);
    *bytes = malloc(size > 0 ? (size_t)size : 1);
    if (*bytes == NULL)
        return E_OUTOFMEMORY;
    if (size > 0)
        memcpy(*bytes, blob, (size_t)size);
    *length = (size_t)size;
    return S_OK;
}

HRESULT server_store_open(const char *path, struct server_store **store)
{
    *store = NULL;
    HRESULT hr = platform_prepare_private_file(path);
    if (FAILED(hr))
        return hr;
    struct server_store *s = calloc(1, sizeof *s);
    if (s == NULL)
        return E_OUTOFMEMORY;
    int code = sqlite3_open_v2(
        path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    hr = store_hresult_from_sqlite(code);
    if (SUCCEEDED(hr)) {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
        hr = exec(s->db, "PRAGMA journal_mode = WAL");
    }
    /*
     * NORMAL, not FULL: in WAL mode a commit is in the operating system's
     * cache before the reply leaves, so a server killed (SIGKILL) keeps
     * everything it acknowledged; only an OS crash or a power cut can lose
     * the last commits, which a test server need not survive. FULL costs
     * an fsync a commit: four times fewer Certify requests a second on
     * disk (README, "Benchmarks").
     */
    if (SUCCEEDED(hr))
        hr = exec(s->db, "PRAGMA synchronous = NORMAL");
    if (SUCCEEDED(hr))
        hr = exec(s->db, schema);
    if (SUCCEEDED(hr))
        hr = prepare(s->db, "SELECT principal_id, private_key FROM users WHERE email = ?",
                     &s->find_user);
    if (SUCCEEDED(hr))
        hr = prepare(s->db,
                     "INSERT OR IGNORE INTO users(email, principal_id, private_key) VALUES(?,?,?)",
                     &s->add_user);
    if (SUCCEEDED(hr))
        hr = prepare(s->db,
                     "INSERT INTO issued(kind, license_id, email, issued, valid_until, certificate)"
                     " VALUES(?,?,?,?,?,?)",
                     &s->log_row);
    if (FAILED(hr)) {
        sqlite3_finalize(s->find_user);
        sqlite3_finalize(s->add_user);
        sqlite3_finalize(s->log_row);
        sqlite3_close(s->db);
        free(s);
        return hr;
    }
    platform_mutex_init(&s->db_lock);
    platform_mutex_init(&s->log_lock);
    platform_cond done = PLATFORM_COND_INIT;
    s->log_done = done;
    s->queue_tail = &s->queue;
    *store = s;
    return S_OK;
}

void server_store_close(struct server_store *store)
{
    if (store == NULL)
        return;
    sqlite3_finalize(store->find_user);
    sqlite3_finalize(store->add_user);
    sqlite3_finalize(store->log_row);
    sqlite3_close(store->db);
    platform_mutex_destroy(&store->db_lock);
    platform_mutex_destroy(&store->log_lock);
    free(store);
}

void server_identity_record_clear(struct server_identity_record *record)
{
    free(record->server_guid);
    OPENSSL_clear_free(record->root_key, record->root_key_length);
    OPENSSL_clear_free(record->slc_key, record->slc_key_length);
    free(record->root_certificate);
    free(record->slc_certificate);
    memset(record, 0, sizeof *record);
}

HRESULT server_store_load_identity(struct server_store *store,
                                   struct server_identity_record *record)
{
    memset(record, 0, sizeof *record);
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = NULL;
    HRESULT hr = prepare(store->db,
                         "SELECT server_guid, root_key, slc_key, root_certificate, slc_certificate"
                         " FROM identity WHERE id = 1",
                         &statement);
    int code = SUCCEEDED(hr) ? sqlite3_step(statement) : SQLITE_ERROR;
    if (SUCCEEDED(hr) && code == SQLITE_ROW) {
        record->server_guid = column_text(statement, 0);
        record->root_certificate = column_text(statement, 3);
        record->slc_certificate = column_text(statement, 4);
        hr = column_blob(statement, 1, &record->root_key, &record->root_key_length);
        if (SUCCEEDED(hr))
            hr = column_blob(statement, 2, &record->slc_key, &record->slc_key_length);
        if (SUCCEEDED(hr) && (record->server_guid == NULL || record->root_certificate == NULL ||
                              record->slc_certificate == NULL))
            hr = E_OUTOFMEMORY;
    } else if (SUCCEEDED(hr)) {
        hr = code == SQLITE_DONE ? S_FALSE : store_hresult_from_sqlite(code);
    }
    sqlite3_finalize(statement);
    platform_mutex_unlock(&store->db_lock);
    if (hr != S_OK)
        server_identity_record_clear(record);
    return hr;
}

HRESULT server_store_save_identity(struct server_store *store,
                                   const struct server_identity_record *record)
{
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = NULL;
    HRESULT hr = prepare(store->db,
                         "INSERT OR IGNORE INTO identity(id, server_guid, root_key, slc_key,"
                         " root_certificate, slc_certificate) VALUES(1,?,?,?,?,?)",
                         &statement);
    if (SUCCEEDED(hr)) {
        sqlite3_bind_text(statement, 1, record->server_guid, -1, SQLITE_STATIC);
        sqlite3_bind_blob(statement, 2, record->root_key, (int)record->root_key_length,
                          SQLITE_STATIC);
        sqlite3_bind_blob(statement, 3, record->slc_key, (int)record->slc_key_length,
                          SQLITE_STATIC);
        sqlite3_bind_text(statement, 4, record->root_certificate, -1, SQLITE_STATIC);
        sqlite3_bind_text(statement, 5, record->slc_certificate, -1, SQLITE_STATIC);
        hr = store_hresult_from_sqlite(sqlite3_step(statement));
        if (SUCCEEDED(hr) && sqlite3_changes(store->db) == 0)
            hr = S_FALSE;
    }
    sqlite3_finalize(statement);
    platform_mutex_unlock(&store->db_lock);
    return hr;
}

HRESULT server_store_find_user(struct server_store *store, const char *email, char **principal_id,
                               uint8_t **key, size_t *key_length)
{
    *principal_id = NULL;
    *key = NULL;
    *key_length = 0;
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = store->find_user;
    sqlite3_bind_text(statement, 1, email, -1, SQLITE_STATIC);
    int code = sqlite3_step(statement);
    HRESULT hr = S_FALSE;
    if (code == SQLITE_ROW) {
        *principal_id = column_text(statement, 0);
        hr = *principal_id == NULL ? E_OUTOFMEMORY : column_blob(statement, 1, key, key_length);
    } else if (code != SQLITE_DONE) {
        hr = store_hresult_from_sqlite(code);
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    platform_mutex_unlock(&store->db_lock);
    if (hr != S_OK) {
        free(*principal_id);
        *principal_id = NULL;
        free(*key);
        *key = NULL;
        *key_length = 0;
    }
    return hr;
}

HRESULT server_store_add_user(struct server_store *store, const char *email,
                              const char *principal_id, const uint8_t *key, size_t key_length)
{
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = store->add_user;
    sqlite3_bind_text(statement, 1, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 2, principal_id, -1, SQLITE_STATIC);
    sqlite3_bind_blob(statement, 3, key, (int)key_length, SQLITE_STATIC);
    HRESULT hr = store_hresult_from_sqlite(sqlite3_step(statement));
    if (SUCCEEDED(hr) && sqlite3_changes(store->db) == 0)
        hr = S_FALSE;
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    platform_mutex_unlock(&store->db_lock);
    return hr;
}

/* Inserts one row with the prepared statement (db_lock held). */
static HRESULT insert_row(struct server_store *store, const struct server_issued *row)
{
    sqlite3_stmt *statement = store->log_row;
    sqlite3_bind_text(statement, 1, row->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 2, row->license_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 3, row->email, -1, SQLITE_STATIC);
    sqlite3_bind_int64(statement, 4, row->issued);
    sqlite3_bind_int64(statement, 5, row->until);
    sqlite3_bind_text(statement, 6, row->certificate, -1, SQLITE_STATIC);
    HRESULT hr = store_hresult_from_sqlite(sqlite3_step(statement));
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    return hr;
}

/*
 * Writes a batch in one transaction. A row that fails alone (a duplicate
 * license ID) fails by itself: it is rolled back to its savepoint and the
 * others still commit. When the commit fails, every row fails.
 */
static void commit_batch(struct server_store *store, struct pending_row *batch)
{
    platform_mutex_lock(&store->db_lock);
    HRESULT hr = exec(store->db, "BEGIN IMMEDIATE");
    for (struct pending_row *p = batch; p != NULL; p = p->next) {
        if (FAILED(hr)) {
            p->result = hr;
            continue;
        }
        p->result = exec(store->db, "SAVEPOINT row");
        if (SUCCEEDED(p->result))
            p->result = insert_row(store, p->row);
        if (SUCCEEDED(p->result))
            p->result = exec(store->db, "RELEASE row");
        else
            exec(store->db, "ROLLBACK TO row; RELEASE row");
    }
    if (SUCCEEDED(hr)) {
        hr = exec(store->db, "COMMIT");
        if (FAILED(hr)) {
            exec(store->db, "ROLLBACK");
            for (struct pending_row *p = batch; p != NULL; p = p->next)
                p->result = hr;
        }
    }
    platform_mutex_unlock(&store->db_lock);
}

HRESULT server_store_log_issued(struct server_store *store, const struct server_issued *issued)
{
    struct pending_row mine = {.row = issued, .result = E_FAIL};
    platform_mutex_lock(&store->log_lock);
    *store->queue_tail = &mine;
    store->queue_tail = &mine.next;
    /* The first waiter commits what has queued up, rows of others
     * included, until the queue is empty or its own row is done. */
    while (!mine.done) {
        if (store->committing) {
            platform_cond_wait(&store->log_done, &store->log_lock);
            continue;
        }
        struct pending_row *batch = store->queue;
        store->queue = NULL;
        store->queue_tail = &store->queue;
        store->committing = true;
        platform_mutex_unlock(&store->log_lock);
        commit_batch(store, batch);
        platform_mutex_lock(&store->log_lock);
        for (struct pending_row *p = batch, *next; p != NULL; p = next) {
            next = p->next; /* `p` may be gone as soon as it is done */
            p->done = true;
        }
        store->committing = false;
        platform_cond_broadcast(&store->log_done);
    }
    platform_mutex_unlock(&store->log_lock);
    return mine.result;
}

HRESULT server_store_count_issued(struct server_store *store, const char *kind, int64_t *count)
{
    *count = 0;
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = NULL;
    HRESULT hr = prepare(store->db,
                         kind != NULL ? "SELECT count(*) FROM issued WHERE kind = ?"
                                      : "SELECT count(*) FROM issued",
                         &statement);
    if (SUCCEEDED(hr) && kind != NULL)
        sqlite3_bind_text(statement, 1, kind, -1, SQLITE_STATIC);
    if (SUCCEEDED(hr)) {
        int code = sqlite3_step(statement);
        if (code == SQLITE_ROW)
            *count = sqlite3_column_int64(statement, 0);
        else
            hr = code == SQLITE_DONE ? E_FAIL : store_hresult_from_sqlite(code);
    }
    sqlite3_finalize(statement);
    platform_mutex_unlock(&store->db_lock);
    return hr;
}

HRESULT server_store_find_issued(struct server_store *store, const char *license_id,
                                 char **certificate)
{
    *certificate = NULL;
    platform_mutex_lock(&store->db_lock);
    sqlite3_stmt *statement = NULL;
    HRESULT hr =
        prepare(store->db, "SELECT certificate FROM issued WHERE license_id = ?", &statement);
    if (SUCCEEDED(hr)) {
        sqlite3_bind_text(statement, 1, license_id, -1, SQLITE_STATIC);
        int code = sqlite3_step(statement);
        if (code == SQLITE_ROW) {
            *certificate = column_text(statement, 0);
            hr = *certificate == NULL ? E_OUTOFMEMORY : S_OK;
        } else {
            hr = code == SQLITE_DONE ? S_FALSE : store_hresult_from_sqlite(code);
        }
    }
    sqlite3_finalize(statement);
    platform_mutex_unlock(&store->db_lock);
    return hr;
}
