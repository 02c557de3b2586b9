/*
 * openmsdrm - UTF-16 strings at the API boundary: measuring and checking
 * caller strings, copying them, and converting to and from UTF-8 (what
 * SQLite, libxml2 and the logs use). WCHAR is 16 bits on every build.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_WSTRING_H
#define MSDRM_WSTRING_H

#include <stdbool.h>
#include <stddef.h>

#include "msdrmdefs.h"

/*
 * Length in code units of a caller's string, reading at most `max_units`
 * + 1 units; SIZE_MAX when it is longer than `max_units`.
 */
size_t wstr_length_bounded(const WCHAR *text, size_t max_units);

/* Whether `length` units are well-formed UTF-16 (no lone surrogates). */
bool wstr_is_valid_utf16(const WCHAR *text, size_t length);

/* Whether `text` equals the ASCII string `ascii`, unit for unit. */
bool wstr_equals_ascii(const WCHAR *text, const char *ascii);

/* The same with ASCII letters compared in either case (names Windows
 * compares that way: file names, encoding names). */
bool wstr_equals_ascii_nocase(const WCHAR *text, const char *ascii);

/* A NUL-terminated heap copy of `length` units (free with wstr_free_secret
 * or free), or NULL when out of memory. */
WCHAR *wstr_copy(const WCHAR *text, size_t length);

/* A heap copy of a UTF-8 string (strdup, which C11 lacks); NULL when out
 * of memory. */
char *str_copy(const char *text);

/* Overwrites a string copy before freeing it: for secrets and user data. */
void wstr_free_secret(WCHAR *text);

/* Overwrites a string in place (NULL: nothing), for one kept inside a
 * larger allocation. */
void wstr_scrub(WCHAR *text);

/*
 * Converts UTF-8 to a NUL-terminated heap UTF-16 string; NULL when out of
 * memory or when `utf8` is not valid UTF-8.
 */
WCHAR *wstr_from_utf8(const char *utf8);

/* Converts UTF-16 to a NUL-terminated heap UTF-8 string; NULL when out of
 * memory or when `text` is not well-formed UTF-16. */
char *wstr_to_utf8(const WCHAR *text);

/* The same for `units` units (a NUL unit becomes a NUL byte), in one pass;
 * stores the bytes written (without the NUL) in *bytes if not NULL. */
char *wstr_to_utf8_span(const WCHAR *text, size_t units, size_t *bytes);

/*
 * Converts UTF-8 from *utf8 up to `end` into at most `room` units of `out`,
 * in pieces: stops early when fewer than 2 units are left and moves *utf8
 * past what it converted. Returns the units written, or SIZE_MAX for
 * invalid UTF-8. The text must be NUL-terminated at or after `end`.
 */
size_t wstr_from_utf8_span(const char **utf8, const char *end, WCHAR *out, size_t room);

/*
 * The two-call buffer protocol of the API for a string result: `*length`
 * is the caller's buffer size in characters including the NUL. With a NULL
 * buffer, stores the size needed and succeeds; with a buffer too small,
 * stores the size needed and returns E_DRM_INSUFFICIENT_BUFFER, writing
 * nothing; otherwise copies the string and its NUL and stores the size.
 */
HRESULT wstr_return(const WCHAR *text, UINT *length, WCHAR *buffer);

/* The same for `units` characters of `text` (not NUL-terminated there). */
HRESULT wstr_return_span(const WCHAR *text, size_t units, UINT *length, WCHAR *buffer);

/* The same for UTF-8 text, converted straight into the caller's buffer
 * when it is large enough; E_OUTOFMEMORY for invalid UTF-8 (or when out of
 * memory). */
HRESULT wstr_return_utf8(const char *utf8, UINT *length, WCHAR *buffer);

#endif /* MSDRM_WSTRING_H */
