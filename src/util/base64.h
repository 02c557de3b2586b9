/*
 * openmsdrm - base64 (RFC 4648, standard alphabet, '=' padding, no line
 * breaks): the form of every binary value in XrML, of the lockbox entry
 * and the one algorithm of DRMEncode and DRMDecode. The one implementation
 * in the library, for text in UTF-8/ASCII (char) and in UTF-16 (WCHAR).
 *
 * Decoders accept exactly the alphabet and its padding: no whitespace, no
 * line breaks, a length that is a multiple of 4, '=' only as the last one
 * or two characters. How they read the bits a padded last group leaves
 * over is the caller's choice (enum base64_spare_bits).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_BASE64_H
#define MSDRM_BASE64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msdrmdefs.h"

/* The bits of a padded last group that encode no byte ("Zh==" has four). */
enum base64_spare_bits {
    /* Must be zero: the canonical form, one text for each byte string
     * (DRMDecode, README row 25; what we wrote ourselves). */
    BASE64_SPARE_BITS_ZERO,
    /* Ignored: XrML values read as they did when OpenSSL's EVP_DecodeBlock
     * decoded them, so a document signed elsewhere keeps reading the same. */
    BASE64_SPARE_BITS_IGNORED
};

/* Characters the encoding of `length` bytes takes (no NUL); SIZE_MAX if
 * that does not fit in a size_t (a real length is a multiple of 4). */
size_t base64_encoded_length(size_t length);

/* Write the encoding of `length` bytes (base64_encoded_length characters,
 * no NUL) into `text`. */
void base64_encode(const uint8_t *bytes, size_t length, char *text);
void base64_encode_wide(const uint8_t *bytes, size_t length, WCHAR *text);

/* The encoding of `length` bytes as a NUL-terminated heap string the
 * caller frees. E_OUTOFMEMORY (and *text NULL) when it cannot be made. */
HRESULT base64_encode_new(const uint8_t *bytes, size_t length, char **text);

/*
 * Check `count` characters of base64 and store the number of bytes they
 * decode to (0 for no characters). False, and *length untouched, for
 * anything else: a length that is not a multiple of 4, a character
 * outside the alphabet, padding anywhere but at the end, or (with
 * BASE64_SPARE_BITS_ZERO) spare bits that are not zero.
 */
bool base64_decoded_length(const char *text, size_t count, enum base64_spare_bits spare,
                           size_t *length);
bool base64_decoded_length_wide(const WCHAR *text, size_t count, enum base64_spare_bits spare,
                                size_t *length);

/* Decode text that base64_decoded_length(_wide) accepted into `bytes`
 * (as many as it stored). */
void base64_decode(const char *text, size_t count, uint8_t *bytes);
void base64_decode_wide(const WCHAR *text, size_t count, uint8_t *bytes);

/*
 * Decode `count` characters into a heap buffer the caller frees (never
 * NULL on success, even for no bytes). E_INVALIDARG when the text is not
 * base64 as above, E_OUTOFMEMORY; *bytes NULL on failure.
 */
HRESULT base64_decode_new(const char *text, size_t count, enum base64_spare_bits spare,
                          uint8_t **bytes, size_t *length);

#endif /* MSDRM_BASE64_H */
