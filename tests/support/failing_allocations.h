/*
 * Allocation failures on demand, for the out-of-memory tests (STYLE.md:
 * "the failure paths are code too"): the library's own allocations are
 * redirected with the linker's --wrap (link the test with
 * -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc) and OpenSSL's
 * with CRYPTO_set_mem_functions, both to one countdown. libxml2's are
 * not: libxml2 2.9.14 (Debian 12, and the source our Windows build uses)
 * crashes in xmlParseDocument when some of its allocations fail, which
 * only libxml2 2.11's allocation-failure work fixed upstream.
 */
#ifndef MSDRM_TEST_FAILING_ALLOCATIONS_H
#define MSDRM_TEST_FAILING_ALLOCATIONS_H

#include <stdbool.h>
#include <stddef.h>

/* The C library's malloc, never failing (the linker's name for it). */
void *__real_malloc(size_t size);

/* The allocation `n` allocations from now (0: the next) fails. */
void failing_allocations_arm(long n);

/* No allocation fails any more; whether one did since the arming. */
bool failing_allocations_disarm(void);

/* Whether OpenSSL's allocations are counted too: its allocator can only
 * be set before its first allocation, which a constructor here does
 * before the library's own (platform/posix/sync.c), by its priority. */
bool failing_allocations_cover_openssl(void);

#endif /* MSDRM_TEST_FAILING_ALLOCATIONS_H */
