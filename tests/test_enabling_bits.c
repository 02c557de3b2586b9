/*
 * ENABLINGBITS (src/xrml/enabling_bits.h, spec/xrml.md §7): the layout's
 * sizes match the published documents (192 bytes for a content key sealed
 * to a 1024-bit key, 768 for a 1024-bit private-key blob), the RSA part is
 * big-endian, and only the matching private key opens the bits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "xrml/enabling_bits.h"
#include "msdrmerror.h"

static EVP_PKEY *key1024, *other1024, *key2048;

static int generate_keys(void **state)
{
    (void)state;
    key1024 = EVP_RSA_gen(1024);
    other1024 = EVP_RSA_gen(1024);
    key2048 = EVP_RSA_gen(2048);
    return key1024 != NULL && other1024 != NULL && key2048 != NULL ? 0 : -1;
}

static int free_keys(void **state)
{
    (void)state;
    EVP_PKEY_free(key1024);
    EVP_PKEY_free(other1024);
    EVP_PKEY_free(key2048);
    return 0;
}

/* A content key as the bits carry it: its KeyHeader and 16 key bytes. */
static void content_key(uint8_t key[KEY_HEADER_SIZE + AES_KEY_SIZE])
{
    struct key_header header = key_header_aes128();
    key_header_write(&header, key);
    assert_int_equal(RAND_bytes(key + KEY_HEADER_SIZE, AES_KEY_SIZE), 1);
}

static void test_key_header_layout(void **state)
{
    (void)state;
    /* spec/xrml.md §7.4: 28-byte blob, ECB mode 0xFFFF, 128 bits, block 16,
     * flags AES|ECB = bytes 01 10 00 00. */
    static const uint8_t expected[KEY_HEADER_SIZE] = {0x1C, 0x00, 0xFF, 0xFF, 0x80, 0x00,
                                                      0x10, 0x00, 0x01, 0x10, 0x00, 0x00};
    uint8_t written[KEY_HEADER_SIZE];
    struct key_header header = key_header_aes128();
    key_header_write(&header, written);
    assert_memory_equal(written, expected, sizeof expected);
    struct key_header read;
    assert_true(key_header_read(written, &read));
    assert_int_equal(read.key_bits, 128);
    written[0] = 0x1D; /* a blob size that disagrees with the key size */
    assert_false(key_header_read(written, &read));
    written[0] = 0x1C;
    written[8] = 0x00; /* not AES */
    assert_false(key_header_read(written, &read));
}

static void test_content_key_round_trip(void **state)
{
    (void)state;
    uint8_t key[KEY_HEADER_SIZE + AES_KEY_SIZE], hash[ENABLING_BITS_HASH_SIZE];
    content_key(key);
    RAND_bytes(hash, sizeof hash);
    uint8_t *bits = NULL;
    size_t length = 0;
    assert_int_equal(enabling_bits_seal(key1024, key, sizeof key, hash, &bits, &length), S_OK);
    /* spec/xrml.md §7.5: 128 + 64 bytes, size="1536". */
    assert_int_equal(length, 192);

    /* The RSA part is a big-endian integer below the recipient's modulus. */
    BIGNUM *modulus = NULL, *part = BN_bin2bn(bits, 128, NULL);
    assert_int_equal(EVP_PKEY_get_bn_param(key1024, OSSL_PKEY_PARAM_RSA_N, &modulus), 1);
    assert_true(BN_cmp(part, modulus) < 0);
    BN_free(part);
    BN_free(modulus);

    uint8_t *payload = NULL, carried[ENABLING_BITS_HASH_SIZE];
    size_t payload_length = 0;
    assert_int_equal(enabling_bits_open(key1024, bits, length, &payload, &payload_length, carried),
                     S_OK);
    assert_int_equal(payload_length, sizeof key);
    assert_memory_equal(payload, key, sizeof key);
    assert_memory_equal(carried, hash, sizeof hash);
    OPENSSL_clear_free(payload, payload_length);

    /* Another key cannot open them. */
    payload = NULL;
    assert_int_equal(
        enabling_bits_open(other1024, bits, length, &payload, &payload_length, carried),
        E_DRM_INVALID_LICENSE);
    assert_null(payload);
    /* Nor can anyone open them cut short. */
    assert_int_equal(enabling_bits_open(key1024, bits, 128, &payload, &payload_length, carried),
                     E_DRM_INVALID_LICENSE);
    assert_int_equal(
        enabling_bits_open(key1024, bits, length - 1, &payload, &payload_length, carried),
        E_DRM_INVALID_LICENSE);
    OPENSSL_clear_free(bits, length);
}

/* A changed byte anywhere: refused, or what comes out is not what went in. */
static void test_changes_never_give_the_sealed_key(void **state)
{
    (void)state;
    uint8_t key[KEY_HEADER_SIZE + AES_KEY_SIZE], hash[ENABLING_BITS_HASH_SIZE];
    content_key(key);
    RAND_bytes(hash, sizeof hash);
    uint8_t *bits = NULL;
    size_t length = 0;
    assert_int_equal(enabling_bits_seal(key1024, key, sizeof key, hash, &bits, &length), S_OK);
    for (size_t at = 0; at < length; at++) {
        bits[at] ^= 0x01;
        uint8_t *payload = NULL, carried[ENABLING_BITS_HASH_SIZE];
        size_t payload_length = 0;
        if (enabling_bits_open(key1024, bits, length, &payload, &payload_length, carried) == S_OK) {
            assert_true(payload_length != sizeof key || memcmp(payload, key, sizeof key) != 0 ||
                        memcmp(carried, hash, sizeof hash) != 0);
            OPENSSL_clear_free(payload, payload_length);
        }
        bits[at] ^= 0x01;
    }
    OPENSSL_clear_free(bits, length);
}

static void test_private_key_blob_sizes(void **state)
{
    (void)state;
    /* A 1024-bit PRIVATEKEYBLOB without its KeyHeader is 596 bytes: the
     * RAC and CLC bits are 768 (spec/xrml.md §7.5). */
    uint8_t blob[596], hash[ENABLING_BITS_HASH_SIZE] = {0};
    RAND_bytes(blob, sizeof blob);
    uint8_t *bits = NULL;
    size_t length = 0;
    assert_int_equal(enabling_bits_seal(key1024, blob, sizeof blob, hash, &bits, &length), S_OK);
    assert_int_equal(length, 768);
    uint8_t *payload = NULL, carried[ENABLING_BITS_HASH_SIZE];
    size_t payload_length = 0;
    assert_int_equal(enabling_bits_open(key1024, bits, length, &payload, &payload_length, carried),
                     S_OK);
    assert_int_equal(payload_length, sizeof blob);
    assert_memory_equal(payload, blob, sizeof blob);
    OPENSSL_clear_free(payload, payload_length);
    OPENSSL_clear_free(bits, length);

    /* A 2048-bit recipient: a 256-byte RSA part. */
    uint8_t key[KEY_HEADER_SIZE + AES_KEY_SIZE];
    content_key(key);
    assert_int_equal(enabling_bits_seal(key2048, key, sizeof key, hash, &bits, &length), S_OK);
    assert_int_equal(length, 256 + 64);
    OPENSSL_clear_free(bits, length);
}

static void test_keys_that_are_not_rsa(void **state)
{
    (void)state;
    EVP_PKEY *ec = EVP_EC_gen("P-256");
    assert_non_null(ec);
    uint8_t key[KEY_HEADER_SIZE + AES_KEY_SIZE] = {0}, hash[ENABLING_BITS_HASH_SIZE] = {0};
    uint8_t *bits = NULL;
    size_t length = 0;
    assert_int_equal(enabling_bits_seal(ec, key, sizeof key, hash, &bits, &length),
                     E_DRM_KEY_TYPE_UNSUPPORTED);
    assert_null(bits);
    EVP_PKEY_free(ec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_header_layout),
        cmocka_unit_test(test_content_key_round_trip),
        cmocka_unit_test(test_changes_never_give_the_sealed_key),
        cmocka_unit_test(test_private_key_blob_sizes),
        cmocka_unit_test(test_keys_that_are_not_rsa),
    };
    return cmocka_run_group_tests_name("enabling_bits", tests, generate_keys, free_keys);
}
