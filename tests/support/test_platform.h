/*
 * The few OS services the conformance tests need themselves (they link
 * only the DLL, not its platform layer): a mutex, the thread id, sleeping.
 */
#ifndef MSDRM_TEST_PLATFORM_H
#define MSDRM_TEST_PLATFORM_H

typedef struct test_mutex {
    void *state[8]; /* room for a pthread mutex or an SRW lock */
} test_mutex;

void test_mutex_init(test_mutex *mutex);
void test_mutex_lock(test_mutex *mutex);
void test_mutex_unlock(test_mutex *mutex);
unsigned long test_thread_id(void);
void test_sleep_ms(unsigned milliseconds);

/* Nanoseconds from an arbitrary start, never going back, the same on every
 * thread (benchmarks time single operations with it). */
unsigned long long test_monotonic_ns(void);

/* Sets (value not NULL) or removes an environment variable of this process. */
void test_set_environment(const char *name, const char *value);

/*
 * Sets (value not NULL) or deletes the default value of
 * HKEY_LOCAL_MACHINE\<key>; false where there is no registry.
 */
int test_set_machine_setting(const char *key, const char *value);

/*
 * Sets (proxy not NULL: "host:port", with its bypass list) or removes the
 * current user's Internet settings proxy (Windows: the
 * DefaultConnectionSettings value WinHTTP reads for
 * WinHttpGetIEProxyConfigForCurrentUser); false where there is none.
 */
int test_set_user_proxy(const char *proxy, const char *bypass);

/*
 * Creates a new empty folder that anyone may enter (POSIX: under /tmp) and
 * stores its path; false where the read-only-folder test cannot be
 * arranged (Windows under Wine, where the test runs as root and folders
 * have no such mode).
 */
int test_make_shared_folder(char *path, unsigned long size);

/* Makes `folder` and its files read-only for a process that then calls
 * test_drop_privileges (POSIX: owned by "nobody", folder mode 0555). */
int test_make_read_only_folder(const char *folder);

/* Continues as the unprivileged "nobody" if running as root (POSIX). */
int test_drop_privileges(void);

/* Open handles (Windows) or file descriptors (POSIX) of this process. */
unsigned long test_open_handle_count(void);

/*
 * The most memory this process has had resident so far, in bytes (POSIX:
 * VmHWM of /proc/self/status; Windows: PeakWorkingSetSize); 0 where the
 * system does not say (a caller then skips its check).
 */
unsigned long long test_peak_memory_bytes(void);

#endif /* MSDRM_TEST_PLATFORM_H */
