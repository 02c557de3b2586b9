/*
 * RAC and CLC private keys in ENABLINGBITS (src/license/sealed_private_key.h,
 * src/xrml/private_key_blob.h): a 1024-bit key makes the 596-byte blob and
 * the 768-byte bits the published certificates carry (spec/xrml.md §7.5),
 * it comes back whole, only the recipient's key opens it, a damaged blob
 * is refused, and the hash is of the BODY's ISSUER element as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/crypto.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "license/sealed_private_key.h"
#include "msdrmerror.h"
#include "util/base64.h"
#include "xrml/private_key_blob.h"
#include "xrml/xrml_signing.h"

static EVP_PKEY *spc_key, *rac_key, *other_key;

static int generate_keys(void **state)
{
    (void)state;
    spc_key = EVP_RSA_gen(1024);
    rac_key = EVP_RSA_gen(1024);
    other_key = EVP_RSA_gen(1024);
    return spc_key != NULL && rac_key != NULL && other_key != NULL ? 0 : -1;
}

static int free_keys(void **state)
{
    (void)state;
    EVP_PKEY_free(spc_key);
    EVP_PKEY_free(rac_key);
    EVP_PKEY_free(other_key);
    return 0;
}

static void test_blob_round_trip(void **state)
{
    (void)state;
    uint8_t *blob = NULL;
    size_t length = 0;
    assert_int_equal(private_key_blob_write(rac_key, &blob, &length), S_OK);
    assert_int_equal(length, 596);
    assert_int_equal(private_key_blob_size(1024), 596);
    assert_memory_equal(blob + 8, "RSA2", 4);

    EVP_PKEY *read = NULL;
    assert_int_equal(private_key_blob_read(blob, length, &read), S_OK);
    assert_int_equal(EVP_PKEY_eq(read, rac_key), 1);
    assert_int_equal(EVP_PKEY_eq(read, other_key), 0);
    EVP_PKEY_free(read);

    /* One bit of a prime changed: the numbers no longer make one key. */
    blob[20 + 128 + 5] ^= 0x01;
    assert_int_equal(private_key_blob_read(blob, length, &read), E_DRM_INVALID_LICENSE);
    assert_null(read);
    blob[20 + 128 + 5] ^= 0x01;
    /* Every other number is checked too: exponent1, exponent2, the
     * coefficient (64 bytes each after n, p and q) and the private
     * exponent. */
    static const size_t damaged[] = {20 + 128 + 2 * 64 + 3, 20 + 128 + 3 * 64 + 3,
                                     20 + 128 + 4 * 64 + 3, 20 + 128 + 5 * 64 + 3};
    for (size_t i = 0; i < sizeof damaged / sizeof damaged[0]; i++) {
        blob[damaged[i]] ^= 0x10;
        assert_int_equal(private_key_blob_read(blob, length, &read), E_DRM_INVALID_LICENSE);
        assert_null(read);
        blob[damaged[i]] ^= 0x10;
    }
    assert_int_equal(private_key_blob_read(blob, length, &read), S_OK);
    EVP_PKEY_free(read);
    assert_int_equal(private_key_blob_read(blob, length - 1, &read), E_DRM_INVALID_LICENSE);
    blob[0] = 0x06; /* a PUBLICKEYBLOB */
    assert_int_equal(private_key_blob_read(blob, length, &read), E_DRM_INVALID_LICENSE);
    assert_int_equal(private_key_blob_read(blob, 3, &read), E_DRM_INVALID_LICENSE);
    OPENSSL_clear_free(blob, length);
}

static void test_public_key_cannot_be_written(void **state)
{
    (void)state;
    unsigned char *der = NULL;
    int der_length = i2d_PUBKEY(rac_key, &der);
    assert_true(der_length > 0);
    const unsigned char *cursor = der;
    EVP_PKEY *public_only = d2i_PUBKEY(NULL, &cursor, der_length);
    OPENSSL_free(der);
    assert_non_null(public_only);
    uint8_t *blob = NULL;
    size_t length = 0;
    assert_int_equal(private_key_blob_write(public_only, &blob, &length),
                     E_DRM_KEY_TYPE_UNSUPPORTED);
    assert_null(blob);
    EVP_PKEY_free(public_only);
}

static void test_seal_and_open(void **state)
{
    (void)state;
    uint8_t hash[ENABLING_BITS_HASH_SIZE], opened_hash[ENABLING_BITS_HASH_SIZE];
    for (size_t i = 0; i < sizeof hash; i++)
        hash[i] = (uint8_t)(i * 7 + 1);
    char *value = NULL;
    assert_int_equal(sealed_private_key_seal(spc_key, rac_key, hash, &value), S_OK);
    size_t decoded = 0;
    assert_true(base64_decoded_length(value, strlen(value), BASE64_SPARE_BITS_ZERO, &decoded));
    assert_int_equal(decoded, 768); /* size="6144", as in the published RACs */

    EVP_PKEY *opened = NULL;
    assert_int_equal(sealed_private_key_open(spc_key, value, strlen(value), &opened, opened_hash),
                     S_OK);
    assert_int_equal(EVP_PKEY_eq(opened, rac_key), 1);
    assert_memory_equal(opened_hash, hash, sizeof hash);
    EVP_PKEY_free(opened);

    assert_int_equal(sealed_private_key_open(other_key, value, strlen(value), &opened, opened_hash),
                     E_DRM_INVALID_LICENSE);
    assert_null(opened);
    assert_int_equal(sealed_private_key_open(spc_key, "not base64!", 11, &opened, opened_hash),
                     E_DRM_INVALID_LICENSE);
    free(value);
}

static void test_issuer_hash(void **state)
{
    (void)state;
    const char issuer[] = "<ISSUER><OBJECT type=\"Server\"><ID type=\"MS-GUID\">{1}</ID>"
                          "<NAME>S</NAME></OBJECT></ISSUER>";
    char document[512];
    snprintf(document, sizeof document,
             "<XrML xmlns=\"\" version=\"1.2\"><BODY type=\"LICENSE\" version=\"3.0\">"
             "<ISSUEDTIME>2026-01-01T00:00</ISSUEDTIME><ISSUERS />%s"
             "<ISSUEDPRINCIPALS /></BODY></XrML>",
             issuer);
    uint8_t hash[ENABLING_BITS_HASH_SIZE], expected[ENABLING_BITS_HASH_SIZE];
    assert_int_equal(sealed_private_key_issuer_hash(document, strlen(document), hash), S_OK);
    assert_int_equal(xrml_utf16_sha1(issuer, strlen(issuer), expected), S_OK);
    assert_memory_equal(hash, expected, sizeof hash);

    const char no_issuer[] = "<XrML xmlns=\"\" version=\"1.2\"><BODY type=\"LICENSE\">"
                             "<ISSUERS /></BODY></XrML>";
    assert_int_equal(sealed_private_key_issuer_hash(no_issuer, strlen(no_issuer), hash),
                     E_DRM_INVALID_LICENSE);
    const char not_xrml[] = "<ISSUER></ISSUER>";
    assert_true(FAILED(sealed_private_key_issuer_hash(not_xrml, strlen(not_xrml), hash)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blob_round_trip),
        cmocka_unit_test(test_public_key_cannot_be_written),
        cmocka_unit_test(test_seal_and_open),
        cmocka_unit_test(test_issuer_hash),
    };
    return cmocka_run_group_tests(tests, generate_keys, free_keys);
}
