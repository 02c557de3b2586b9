/*
 * The library's one base64 (src/util/base64.h), narrow and wide: RFC 4648
 * §10's vectors; every length from 0 to 64 against a bit-at-a-time
 * encoder written here; what the decoders refuse (bad characters, bad
 * padding, whitespace) and how each reads the spare bits of a padded
 * group; exact sizes up to SIZE_MAX; the allocating forms. (Their
 * allocation failures: test_out_of_memory.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/base64.h"
#include "msdrmerror.h"

#define GUARD 0x7F /* fills buffers, so a write past the end shows */

static const enum base64_spare_bits both_modes[] = {BASE64_SPARE_BITS_ZERO,
                                                    BASE64_SPARE_BITS_IGNORED};

/* `ascii` as UTF-16, in `wide` (room for `count` units). */
static void widen_units(const char *ascii, size_t count, WCHAR *wide)
{
    for (size_t i = 0; i < count; i++)
        wide[i] = (WCHAR)(unsigned char)ascii[i];
}

/* Encodes narrow and wide; both must give `expected`, writing no further. */
static void assert_encodes_to(const uint8_t *bytes, size_t length, const char *expected)
{
    size_t characters = strlen(expected);
    assert_int_equal(base64_encoded_length(length), characters);
    char narrow[128];
    WCHAR wide[128];
    assert_true(characters < sizeof narrow);
    memset(narrow, GUARD, sizeof narrow);
    memset(wide, GUARD, sizeof wide);
    base64_encode(bytes, length, narrow);
    base64_encode_wide(bytes, length, wide);
    assert_memory_equal(narrow, expected, characters);
    assert_int_equal(narrow[characters], GUARD);
    for (size_t i = 0; i < characters; i++)
        assert_int_equal(wide[i], (unsigned char)expected[i]);
    assert_int_equal(wide[characters], (WCHAR)(GUARD << 8 | GUARD));
}

/* Decodes `text` narrow and wide, in both modes; each must give `bytes`. */
static void assert_decodes_to(const char *text, const uint8_t *bytes, size_t length)
{
    size_t count = strlen(text);
    WCHAR wide[128];
    assert_true(count < sizeof wide / sizeof wide[0]);
    widen_units(text, count, wide);
    for (size_t m = 0; m < 2; m++) {
        size_t narrow_length = SIZE_MAX, wide_length = SIZE_MAX;
        assert_true(base64_decoded_length(text, count, both_modes[m], &narrow_length));
        assert_true(base64_decoded_length_wide(wide, count, both_modes[m], &wide_length));
        assert_int_equal(narrow_length, length);
        assert_int_equal(wide_length, length);
    }
    uint8_t narrow_bytes[128], wide_bytes[128];
    memset(narrow_bytes, GUARD, sizeof narrow_bytes);
    memset(wide_bytes, GUARD, sizeof wide_bytes);
    base64_decode(text, count, narrow_bytes);
    base64_decode_wide(wide, count, wide_bytes);
    if (length > 0) {
        assert_memory_equal(narrow_bytes, bytes, length);
        assert_memory_equal(wide_bytes, bytes, length);
    }
    assert_int_equal(narrow_bytes[length], GUARD);
    assert_int_equal(wide_bytes[length], GUARD);
}

/* Refused narrow and wide (`count` units of `wide`), in `mode`, with
 * nothing stored. */
static void assert_refused_units(const WCHAR *wide, size_t count, enum base64_spare_bits mode)
{
    size_t length = 77;
    assert_false(base64_decoded_length_wide(wide, count, mode, &length));
    assert_int_equal(length, 77);
    bool narrow_form = true;
    char narrow[64];
    assert_true(count <= sizeof narrow);
    for (size_t i = 0; i < count; i++) {
        narrow_form = narrow_form && wide[i] <= 0xFF;
        narrow[i] = (char)wide[i];
    }
    if (narrow_form) {
        assert_false(base64_decoded_length(narrow, count, mode, &length));
        assert_int_equal(length, 77);
    }
}

static void assert_refused(const char *text, enum base64_spare_bits mode)
{
    WCHAR wide[64];
    size_t count = strlen(text);
    assert_true(count <= sizeof wide / sizeof wide[0]);
    widen_units(text, count, wide);
    assert_refused_units(wide, count, mode);
}

static void test_rfc4648_vectors(void **state)
{
    (void)state;
    static const char *const vectors[][2] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        const uint8_t *bytes = (const uint8_t *)vectors[i][0];
        size_t length = strlen(vectors[i][0]);
        assert_encodes_to(bytes, length, vectors[i][1]);
        assert_decodes_to(vectors[i][1], bytes, length);
    }
}

/* base64 the slow way, a bit at a time: the reference for the tests. */
static void reference_encode(const uint8_t *bytes, size_t length, char *text)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t bits = length * 8, out = 0;
    for (size_t bit = 0; bit < bits; bit += 6) {
        unsigned value = 0;
        for (size_t k = bit; k < bit + 6; k++)
            value = value << 1 | (k < bits ? (unsigned)(bytes[k / 8] >> (7 - k % 8) & 1) : 0);
        text[out++] = alphabet[value];
    }
    while (out % 4 != 0)
        text[out++] = '=';
    text[out] = '\0';
}

static void test_every_length_round_trips(void **state)
{
    (void)state;
    for (size_t length = 0; length <= 64; length++) {
        uint8_t bytes[64];
        for (size_t i = 0; i < length; i++)
            bytes[i] = (uint8_t)(i * 151 + length * 37 + 0xA5); /* every bit pattern mixes */
        char expected[96];
        reference_encode(bytes, length, expected);
        assert_int_equal(strlen(expected), (length + 2) / 3 * 4);
        assert_encodes_to(bytes, length, expected);
        assert_decodes_to(expected, bytes, length);
    }
    /* All 256 byte values, in every position of a group. */
    uint8_t all[258];
    for (size_t i = 0; i < sizeof all; i++)
        all[i] = (uint8_t)i;
    char expected[400], *text = NULL;
    reference_encode(all, sizeof all, expected);
    assert_int_equal(base64_encode_new(all, sizeof all, &text), S_OK);
    assert_string_equal(text, expected);
    uint8_t *back = NULL;
    size_t length = 0;
    assert_int_equal(base64_decode_new(text, strlen(text), BASE64_SPARE_BITS_ZERO, &back, &length),
                     S_OK);
    assert_int_equal(length, sizeof all);
    assert_memory_equal(back, all, sizeof all);
    free(back);
    free(text);
}

static void test_padding(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Z",    "Zg",       "Zg=",   "Zm9vY",   "Z===", "====",     "=Zg=",  "==Zg", "Zg=A",
        "Z=g=", "Zg==Zg==", "Zm9v=", "Zm9vYg=", "Zm=v", "Zm9v====", "Zg===", "A===",
    };
    for (size_t m = 0; m < 2; m++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            assert_refused(bad[i], both_modes[m]);
    }
}

/* The spare bits of a padded group: each set alone, in each position. */
static void test_spare_bits(void **state)
{
    (void)state;
    /* "f" is Zg== (4 spare bits), "fo" is Zm8= (2). */
    static const char *const canonical[] = {"Zg==", "Zm8=", "Zm9vYg==", "Zm9vYmE="};
    static const char *const decoded[] = {"f", "fo", "foob", "fooba"};
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < sizeof canonical / sizeof canonical[0]; i++) {
        size_t count = strlen(canonical[i]);
        size_t padding = canonical[i][count - 2] == '=' ? 2 : 1;
        size_t last = count - padding - 1;
        unsigned spare = padding == 2 ? 0x0F : 0x03;
        unsigned value = (unsigned)(strchr(alphabet, canonical[i][last]) - alphabet);
        assert_int_equal(value & spare, 0);
        for (unsigned bits = 1; bits <= spare; bits++) {
            char text[16];
            strcpy(text, canonical[i]);
            text[last] = alphabet[value | bits];
            assert_refused(text, BASE64_SPARE_BITS_ZERO);
            size_t length = 0;
            assert_true(base64_decoded_length(text, count, BASE64_SPARE_BITS_IGNORED, &length));
            uint8_t bytes[8];
            base64_decode(text, count, bytes);
            assert_int_equal(length, strlen(decoded[i]));
            assert_memory_equal(bytes, decoded[i], length);
        }
    }
}

static bool in_alphabet(unsigned unit)
{
    return (unit >= 'A' && unit <= 'Z') || (unit >= 'a' && unit <= 'z') ||
           (unit >= '0' && unit <= '9') || unit == '+' || unit == '/';
}

/* Every unit that is not base64, in every position of a group: whitespace,
 * NUL, bytes above 0x7F, and UTF-16 units whose low byte is a letter. */
static void test_bad_characters(void **state)
{
    (void)state;
    static const WCHAR wide_only[] = {0x0141, 0x0130, 0xFF21, 0xD800, 0xDC00, 0x203D, 0xFFFF};
    for (size_t m = 0; m < 2; m++) {
        for (unsigned unit = 0; unit <= 0xFF; unit++) {
            if (in_alphabet(unit) || unit == '=') /* '=': test_padding */
                continue;
            for (size_t at = 0; at < 8; at++) {
                WCHAR text[8];
                widen_units("Zm9vYmFy", 8, text);
                text[at] = (WCHAR)unit;
                assert_refused_units(text, 8, both_modes[m]);
            }
        }
        for (size_t i = 0; i < sizeof wide_only / sizeof wide_only[0]; i++) {
            for (size_t at = 0; at < 4; at++) {
                WCHAR text[4];
                widen_units("Zm9v", 4, text);
                text[at] = wide_only[i];
                assert_refused_units(text, 4, both_modes[m]);
            }
        }
        /* Whitespace between groups, or around them, is refused too. */
        static const char *const spaced[] = {"Zm9v Zm9v",    " Zm9v",      "Zm9v\n",
                                             "Zm9v\r\nZm9v", "Zm9v\tZm9v", "Zm9vYg==\n"};
        for (size_t i = 0; i < sizeof spaced / sizeof spaced[0]; i++)
            assert_refused(spaced[i], both_modes[m]);
    }
}

static void test_sizes(void **state)
{
    (void)state;
    assert_int_equal(base64_encoded_length(0), 0);
    assert_int_equal(base64_encoded_length(1), 4);
    assert_int_equal(base64_encoded_length(2), 4);
    assert_int_equal(base64_encoded_length(3), 4);
    assert_int_equal(base64_encoded_length(4), 8);
    assert_int_equal(base64_encoded_length(128), 172);
    /* The longest input whose encoding fits a size_t, and the next. */
    size_t longest = SIZE_MAX / 4 * 3;
    assert_int_equal(base64_encoded_length(longest), SIZE_MAX / 4 * 4);
    assert_int_equal(base64_encoded_length(longest + 1), SIZE_MAX);
    assert_int_equal(base64_encoded_length(SIZE_MAX), SIZE_MAX);
    /* Decoded sizes: three bytes a group, less one per '='. */
    size_t length = 77;
    assert_true(base64_decoded_length("", 0, BASE64_SPARE_BITS_ZERO, &length));
    assert_int_equal(length, 0);
    assert_true(base64_decoded_length_wide(NULL, 0, BASE64_SPARE_BITS_ZERO, &length));
    assert_int_equal(length, 0);
    /* Only `count` characters are read: what follows does not count. */
    assert_true(base64_decoded_length("Zm9vYg==", 4, BASE64_SPARE_BITS_ZERO, &length));
    assert_int_equal(length, 3);
}

static void test_allocating_forms(void **state)
{
    (void)state;
    char *text = (char *)1;
    assert_int_equal(base64_encode_new((const uint8_t *)"", 0, &text), S_OK);
    assert_string_equal(text, "");
    free(text);
    assert_int_equal(base64_encode_new((const uint8_t *)"fooba", 5, &text), S_OK);
    assert_string_equal(text, "Zm9vYmE=");
    free(text);
    /* Too long to encode: refused before anything is read or allocated. */
    text = (char *)1;
    assert_int_equal(base64_encode_new(NULL, SIZE_MAX, &text), E_OUTOFMEMORY);
    assert_null(text);

    uint8_t *bytes = (uint8_t *)1;
    size_t length = 77;
    assert_int_equal(base64_decode_new("", 0, BASE64_SPARE_BITS_ZERO, &bytes, &length), S_OK);
    assert_non_null(bytes);
    assert_int_equal(length, 0);
    free(bytes);
    assert_int_equal(base64_decode_new("Zm8=", 4, BASE64_SPARE_BITS_ZERO, &bytes, &length), S_OK);
    assert_int_equal(length, 2);
    assert_memory_equal(bytes, "fo", 2);
    free(bytes);
    /* Refused text: E_INVALIDARG, nothing returned. */
    for (size_t m = 0; m < 2; m++) {
        bytes = (uint8_t *)1;
        length = 77;
        assert_int_equal(base64_decode_new("Zm8", 3, both_modes[m], &bytes, &length), E_INVALIDARG);
        assert_null(bytes);
        assert_int_equal(length, 77);
    }
    bytes = (uint8_t *)1;
    assert_int_equal(base64_decode_new("Zm9=", 4, BASE64_SPARE_BITS_ZERO, &bytes, &length),
                     E_INVALIDARG);
    assert_null(bytes);
    assert_int_equal(base64_decode_new("Zm9=", 4, BASE64_SPARE_BITS_IGNORED, &bytes, &length),
                     S_OK);
    assert_int_equal(length, 2);
    assert_memory_equal(bytes, "fo", 2);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors),  cmocka_unit_test(test_every_length_round_trips),
        cmocka_unit_test(test_padding),          cmocka_unit_test(test_spare_bits),
        cmocka_unit_test(test_bad_characters),   cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_allocating_forms),
    };
    return cmocka_run_group_tests_name("base64", tests, NULL, NULL);
}
