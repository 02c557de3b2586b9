/*
 * openmsdrm - the operating-system layer. Every OS difference lives behind
 * this header, in platform/win32/ or platform/posix/ (CMake picks one and
 * puts its folder on the include path for platform_types.h).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_PLATFORM_H
#define MSDRM_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"
#include "platform_types.h"

/* --- environment and diagnostics ------------------------------------------ */

/*
 * Reads environment variable `name` into `value` (NUL-terminated, cut to
 * `size`). Returns false when it is not set.
 */
bool platform_env_get(const char *name, char *value, size_t size);

/* Writes one finished trace line to stderr, or to the debugger (Windows). */
void platform_trace_write(const char *line, bool to_debugger);

/* The calling thread's OS identifier. */
unsigned long platform_thread_id(void);

/* Whether the system was started in safe mode (Windows: SM_CLEANBOOT). */
bool platform_is_safe_mode(void);

/* --- threads and in-process synchronisation --------------------------------- */

/* Statically initialised with PLATFORM_MUTEX_INIT / PLATFORM_COND_INIT, or
 * at run time with platform_mutex_init (undone by platform_mutex_destroy). */
void platform_mutex_init(platform_mutex *mutex);
void platform_mutex_destroy(platform_mutex *mutex);
void platform_mutex_lock(platform_mutex *mutex);
void platform_mutex_unlock(platform_mutex *mutex);
void platform_cond_wait(platform_cond *cond, platform_mutex *mutex);
/* Waits at most `milliseconds`; returns false on time-out. */
bool platform_cond_wait_ms(platform_cond *cond, platform_mutex *mutex, uint32_t milliseconds);
void platform_cond_signal(platform_cond *cond);
void platform_cond_broadcast(platform_cond *cond);

/*
 * Starts a detached thread running `run(argument)`. While it runs it keeps
 * the library loaded (Windows: a module reference released by
 * FreeLibraryAndExitThread), so FreeLibrary cannot unmap code under it.
 */
HRESULT platform_thread_start(void (*run)(void *argument), void *argument);

/* Breaks `when` down as UTC (gmtime, thread-safe). */
struct tm;
void platform_gmtime(int64_t when, struct tm *utc);

/*
 * Seconds since 1970 (UTC). Cheap enough for every session's creation:
 * never the C runtime's time(), which under Wine runs tzset and stats
 * /etc/localtime on every call (MEASURED.md: 7.8 us).
 */
int64_t platform_time_now_seconds(void);

/* The current time, UTC or in the local time zone, to the millisecond. */
void platform_system_time(bool local, SYSTEMTIME *now);

/* Milliseconds from an arbitrary start, never going back. */
uint64_t platform_monotonic_ms(void);

/* Sleeps the calling thread. */
void platform_sleep_ms(uint32_t milliseconds);

/* --- per-user files ------------------------------------------------------------- */

/*
 * The folder of this user's openmsdrm data (UTF-8), created owner-only if
 * missing: $MSDRM_DATA_DIR when set (for test rigs), else
 * %LOCALAPPDATA%\openmsdrm (Windows) or $XDG_DATA_HOME/openmsdrm, by
 * default ~/.local/share/openmsdrm (POSIX).
 */
HRESULT platform_user_data_dir(char *path, size_t size);

/*
 * Makes sure the file at `path` (UTF-8) exists, created readable and
 * writable by its owner only when it is new; an existing file is left as
 * it is. E_ACCESSDENIED when it cannot be created or written.
 */
HRESULT platform_prepare_private_file(const char *path);

/* "\\" on Windows, "/" elsewhere. */
const char *platform_path_separator(void);

/* --- machine settings --------------------------------------------------------------- */

/*
 * The default string value of HKEY_LOCAL_MACHINE\<key> (Windows; a 32-bit
 * process reads the Wow6432Node view, as the system redirects it), as a
 * heap UTF-16 string (free with free). E_DRM_SERVICE_NOT_FOUND when the key
 * or value is missing or empty, and always off Windows.
 */
HRESULT platform_machine_setting(const WCHAR *key, WCHAR **value);

/* --- secrets at rest ---------------------------------------------------------------- */

/*
 * Protects `secret` for storage so that only this user can recover it:
 * Windows DPAPI in user scope; elsewhere the bytes are kept as they are,
 * protected by the owner-only data folder they are stored in. *protected
 * is heap memory of *protected_size bytes (free with free).
 */
HRESULT platform_protect_secret(const uint8_t *secret, size_t size, uint8_t **protected_bytes,
                                size_t *protected_size);

/* The reverse; the result should be cleansed before it is freed. */
HRESULT platform_unprotect_secret(const uint8_t *protected_bytes, size_t protected_size,
                                  uint8_t **secret, size_t *size);

/* --- the per-user cross-process lock ------------------------------------------ */

/*
 * Serialises one user's processes (and threads) around work that must be
 * atomic across them: activation, multi-row store writes. Windows: a named
 * mutex in the Local\ namespace keyed by the user's SID; POSIX: an fcntl
 * lock on a file in the user's data folder. A holder that dies releases
 * it. Not for hot paths: under Wine each acquisition costs ~70 µs. Not
 * re-entrant: a thread must not take it twice.
 */
struct platform_user_lock;

/*
 * Blocks until this thread holds the lock. *abandoned is set when the
 * previous holder died holding it (Windows WAIT_ABANDONED); what it
 * guarded may then be half-done and must be checked.
 */
HRESULT platform_user_lock_acquire(struct platform_user_lock **lock, bool *abandoned);
void platform_user_lock_release(struct platform_user_lock *lock);

#endif /* MSDRM_PLATFORM_H */
