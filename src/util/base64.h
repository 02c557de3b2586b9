/*
 * openmsdrm - base64 (RFC 4648, standard alphabet, '=' padding, no line
 * breaks): the form of every binary value in XrML and the one algorithm
 * of DRMEncode and DRMDecode.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_BASE64_H
#define MSDRM_BASE64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

/* Characters the encoding of `length` bytes takes (no NUL); SIZE_MAX if
 * that does not fit in a size_t. */
size_t base64_encoded_length(size_t length);

/* Writes the encoding of `length` bytes as UTF-16 (no NUL) into `text`. */
void base64_encode_wide(const uint8_t *bytes, size_t length, WCHAR *text);

/*
 * Checks a UTF-16 encoding of `units` characters and stores the number of
 * bytes it decodes to. False for anything but canonical base64: a length
 * that is not a multiple of 4, a character outside the alphabet, padding
 * anywhere but at the end, or non-zero bits in the padded last group.
 */
bool base64_decoded_length(const WCHAR *text, size_t units, size_t *length);

/* Decodes text that base64_decoded_length accepted. */
void base64_decode_wide(const WCHAR *text, size_t units, uint8_t *bytes);

#endif /* MSDRM_BASE64_H */
