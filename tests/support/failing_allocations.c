/*
 * Allocation failures on demand (failing_allocations.h).
 */
#include "failing_allocations.h"

#include <stddef.h>
#include <stdlib.h>

#include <openssl/crypto.h>

void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *pointer, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *pointer, size_t size);

/* Allocations left before one fails; negative: none fails. */
static long countdown = -1;
static bool failed_one;

static bool this_one_fails(void)
{
    if (countdown < 0)
        return false;
    if (countdown-- == 0) {
        failed_one = true;
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t size)
{
    return this_one_fails() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
    return this_one_fails() ? NULL : __real_calloc(count, size);
}

void *__wrap_realloc(void *pointer, size_t size)
{
    return this_one_fails() ? NULL : __real_realloc(pointer, size);
}

void failing_allocations_arm(long n)
{
    failed_one = false;
    countdown = n;
}

bool failing_allocations_disarm(void)
{
    countdown = -1;
    return failed_one;
}

static void *crypto_malloc(size_t size, const char *file, int line)
{
    (void)file;
    (void)line;
    return __wrap_malloc(size);
}

static void *crypto_realloc(void *pointer, size_t size, const char *file, int line)
{
    (void)file;
    (void)line;
    return __wrap_realloc(pointer, size);
}

static void crypto_free(void *pointer, const char *file, int line)
{
    (void)file;
    (void)line;
    free(pointer);
}

static bool crypto_routed;

__attribute__((constructor(101))) static void route_crypto_allocations(void)
{
    crypto_routed = CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free) == 1;
}

bool failing_allocations_cover_openssl(void)
{
    return crypto_routed;
}
