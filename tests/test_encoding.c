/*
 * DRMEncode and DRMDecode through the DLL (functions/DRMEncode.md,
 * functions/DRMDecode.md): "base64" is the only algorithm; the two-call
 * protocol (DRMEncode's size in bytes, as its page says; DRMDecode's the
 * decoded byte count); RFC 4648's test vectors; round trips of every
 * length up to 300; and malformed input refused without a write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msdrm.h"
#include "wide_text.h"

static WCHAR base64_name[8];

/* Encodes and returns the text as ASCII (free it). */
static char *encode(const BYTE *data, UINT length)
{
    UINT size = 0;
    assert_int_equal(DRMEncode(base64_name, length, (BYTE *)data, &size, NULL), S_OK);
    assert_int_equal(size % sizeof(WCHAR), 0);
    WCHAR *wide = malloc(size);
    UINT small = size - sizeof(WCHAR);
    if (length > 0) {
        assert_int_equal(DRMEncode(base64_name, length, (BYTE *)data, &small, wide),
                         E_DRM_INSUFFICIENT_BUFFER);
        assert_int_equal(small, size);
    }
    assert_int_equal(DRMEncode(base64_name, length, (BYTE *)data, &size, wide), S_OK);
    size_t characters = size / sizeof(WCHAR);
    assert_int_equal(wide[characters - 1], 0);
    char *text = malloc(characters);
    for (size_t i = 0; i < characters; i++)
        text[i] = (char)wide[i];
    free(wide);
    return text;
}

static void test_rfc4648_vectors(void **state)
{
    (void)state;
    static const char *const plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const coded[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                        "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < 7; i++) {
        char *text = encode((const BYTE *)plain[i], (UINT)strlen(plain[i]));
        assert_string_equal(text, coded[i]);
        free(text);
        WCHAR wide[16];
        UINT length = 0;
        assert_int_equal(DRMDecode(base64_name, widen(coded[i], wide), &length, NULL), S_OK);
        assert_int_equal(length, strlen(plain[i]));
        BYTE decoded[8];
        assert_int_equal(DRMDecode(base64_name, wide, &length, decoded), S_OK);
        assert_memory_equal(decoded, plain[i], length);
    }
}

static void test_round_trips(void **state)
{
    (void)state;
    BYTE data[300], decoded[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (BYTE)(i * 73 + 11);
    for (UINT length = 0; length <= sizeof data; length++) {
        char *text = encode(data, length);
        size_t units = strlen(text);
        WCHAR *wide = malloc((units + 1) * sizeof(WCHAR));
        widen(text, wide);
        UINT decoded_length = 0;
        assert_int_equal(DRMDecode(base64_name, wide, &decoded_length, NULL), S_OK);
        assert_int_equal(decoded_length, length);
        if (length > 0) {
            UINT small = length - 1;
            decoded[0] = 0xA5;
            assert_int_equal(DRMDecode(base64_name, wide, &small, decoded),
                             E_DRM_INSUFFICIENT_BUFFER);
            assert_int_equal(small, length);
            assert_int_equal(decoded[0], 0xA5); /* nothing written */
        }
        assert_int_equal(DRMDecode(base64_name, wide, &decoded_length, decoded), S_OK);
        assert_memory_equal(decoded, data, length);
        free(wide);
        free(text);
    }
}

static void test_arguments(void **state)
{
    (void)state;
    BYTE data[4] = {1, 2, 3, 4};
    UINT size = 100;
    WCHAR name[16], text[16];
    /* "Currently the only valid value is base64" (any case, our choice). */
    assert_int_equal(DRMEncode(widen("hex", name), 4, data, &size, NULL),
                     E_DRM_INVALID_ALGORITHM_TYPE);
    assert_int_equal(DRMDecode(widen("base-64", name), widen("AQID", text), &size, NULL),
                     E_DRM_INVALID_ALGORITHM_TYPE);
    assert_int_equal(DRMEncode(widen("BASE64", name), 4, data, &size, NULL), S_OK);
    assert_int_equal(DRMEncode(NULL, 4, data, &size, NULL), E_INVALIDARG);
    assert_int_equal(DRMEncode(base64_name, 4, NULL, &size, NULL), E_INVALIDARG);
    assert_int_equal(DRMEncode(base64_name, 4, data, NULL, NULL), E_INVALIDARG);
    assert_int_equal(DRMDecode(base64_name, NULL, &size, NULL), E_INVALIDARG);
    assert_int_equal(DRMDecode(base64_name, widen("AQID", text), NULL, NULL), E_INVALIDARG);
}

static void test_malformed_input(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "Zg=", "Z===", "Zm9v!A==", "Zg==Zg==", "====", "Zh==", "Zm9vYmF=", "Zm 9v", "Zm9v\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        WCHAR wide[16];
        UINT length = 77;
        BYTE out[16] = {0x5A};
        if (DRMDecode(base64_name, widen(bad[i], wide), &length, out) != E_INVALIDARG)
            fail_msg("\"%s\" was decoded", bad[i]);
        assert_int_equal(length, 77);
        assert_int_equal(out[0], 0x5A);
    }
    /* A lone surrogate is no base64 character either. */
    WCHAR odd[] = {'Z', 'g', 0xD800, '=', 0};
    UINT length = 4;
    assert_int_equal(DRMDecode(base64_name, odd, &length, NULL), E_INVALIDARG);
}

int main(void)
{
    widen("base64", base64_name);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4648_vectors),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_malformed_input),
    };
    return cmocka_run_group_tests_name("encoding", tests, NULL, NULL);
}
