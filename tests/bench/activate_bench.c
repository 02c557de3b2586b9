/*
 * Benchmark (issue 10): DRMActivate(GROUPIDENTITY) round trips against a
 * running msdrm-server over loopback, next to the public-key work one
 * round trip has to do, measured in the same run.
 *
 *   build/native/bin/msdrm-server --listen 127.0.0.1:0 --data DIR &
 *   build/release/bin/activate_bench http://127.0.0.1:PORT/_wmcs [rounds]
 *   build/x86_64/wine-run.sh build/x86_64/bin/activate_bench.exe URL [rounds]
 *
 * Each round is one DRMActivate(GROUPIDENTITY | SILENT) to S_DRM_COMPLETED
 * (a persistent RAC, stored), timed from the call to the callback's
 * terminal message. The floor is the RSA operations a round needs with the
 * key sizes msdrm-server and our machine activation use: the server
 * verifies the machine certificate (1024), seals the RAC key to it
 * (1024, public) and signs the RAC (SLC key, 1024); the client verifies
 * the RAC (1024), the SLC and the root (2048 each) and opens the RAC key
 * (1024, private). Prints each round, the medians and their ratio. Needs
 * MSDRM_DATA_DIR set to a folder of its own, as the other benchmarks do.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "bench_median.h"
#include "msdrm.h"
#include "test_platform.h"

#define MAX_ROUNDS 201

struct round {
    test_mutex lock;
    HRESULT terminal;
    int done;
};

static HRESULT __stdcall bench_callback(DRM_STATUS_MSG msg, HRESULT hr, void *param, void *context)
{
    (void)msg;
    (void)param;
    struct round *round = context;
    if (hr == S_DRM_COMPLETED || FAILED(hr)) {
        test_mutex_lock(&round->lock);
        round->terminal = hr;
        round->done = 1;
        test_mutex_unlock(&round->lock);
    }
    return S_OK;
}

static HRESULT wait_for(struct round *round)
{
    for (;;) {
        test_mutex_lock(&round->lock);
        int done = round->done;
        HRESULT hr = round->terminal;
        test_mutex_unlock(&round->lock);
        if (done)
            return hr;
        test_sleep_ms(0);
    }
}

static WCHAR *wide(const char *text, const char *suffix)
{
    size_t length = strlen(text), extra = strlen(suffix);
    WCHAR *out = malloc((length + extra + 1) * sizeof(WCHAR));
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < length + extra; i++)
        out[i] = (WCHAR)(unsigned char)(i < length ? text[i] : suffix[i - length]);
    out[length + extra] = 0;
    return out;
}

/* --- the floor: the RSA work of one round ------------------------------------- */

static int rsa_operation(EVP_PKEY *key, int sign, const unsigned char *in, size_t in_length)
{
    unsigned char out[512];
    size_t out_length = sizeof out;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    int ok = context != NULL;
    if (ok && sign)
        ok = EVP_PKEY_sign_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
             EVP_PKEY_sign(context, out, &out_length, in, in_length) == 1;
    else if (ok)
        ok = EVP_PKEY_encrypt_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_encrypt(context, out, &out_length, in, in_length) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

static int rsa_verify(EVP_PKEY *key, const unsigned char *digest, const unsigned char *signature,
                      size_t length)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    int ok = context != NULL && EVP_PKEY_verify_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
             EVP_PKEY_verify(context, signature, length, digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

static int rsa_decrypt(EVP_PKEY *key, const unsigned char *in, size_t in_length)
{
    unsigned char out[512];
    size_t out_length = sizeof out;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, NULL);
    int ok = context != NULL && EVP_PKEY_decrypt_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_decrypt(context, out, &out_length, in, in_length) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

struct floor_keys {
    EVP_PKEY *k1024, *k2048;
    unsigned char digest[20];
    unsigned char signature1024[128], signature2048[256], sealed[128];
};

static int floor_prepare(struct floor_keys *keys)
{
    memset(keys->digest, 0x5a, sizeof keys->digest);
    keys->k1024 = EVP_RSA_gen(1024);
    keys->k2048 = EVP_RSA_gen(2048);
    if (keys->k1024 == NULL || keys->k2048 == NULL)
        return 0;
    size_t length = sizeof keys->signature1024;
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(keys->k1024, NULL);
    int ok = context != NULL && EVP_PKEY_sign_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
             EVP_PKEY_sign(context, keys->signature1024, &length, keys->digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    length = sizeof keys->signature2048;
    context = ok ? EVP_PKEY_CTX_new(keys->k2048, NULL) : NULL;
    ok = ok && context != NULL && EVP_PKEY_sign_init(context) == 1 &&
         EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
         EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
         EVP_PKEY_sign(context, keys->signature2048, &length, keys->digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    length = sizeof keys->sealed;
    context = ok ? EVP_PKEY_CTX_new(keys->k1024, NULL) : NULL;
    ok = ok && context != NULL && EVP_PKEY_encrypt_init(context) == 1 &&
         EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
         EVP_PKEY_encrypt(context, keys->sealed, &length, keys->digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

/* Seconds for the RSA work of one round. */
static double floor_round(struct floor_keys *keys)
{
    unsigned long long start = test_monotonic_ns();
    int ok = rsa_verify(keys->k1024, keys->digest, keys->signature1024, 128) && /* machine cert */
             rsa_operation(keys->k1024, 0, keys->digest, 28) &&                /* seal RAC key */
             rsa_operation(keys->k1024, 1, keys->digest, 20) &&                /* sign RAC */
             rsa_verify(keys->k1024, keys->digest, keys->signature1024, 128) && /* RAC */
             rsa_verify(keys->k2048, keys->digest, keys->signature2048, 256) && /* SLC */
             rsa_verify(keys->k2048, keys->digest, keys->signature2048, 256) && /* root */
             rsa_decrypt(keys->k1024, keys->sealed, 128);                      /* open RAC key */
    double seconds = (double)(test_monotonic_ns() - start) / 1e9;
    return ok ? seconds : -1.0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strncmp(argv[1], "http", 4) != 0) {
        fprintf(stderr, "usage: activate_bench http://127.0.0.1:PORT/_wmcs [rounds]\n");
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 20;
    if (rounds < 1 || rounds > MAX_ROUNDS)
        rounds = 20;

    struct round round = {.done = 0};
    test_mutex_init(&round.lock);
    WCHAR *user = wide("bench@example.com", "");
    WCHAR *url = wide(argv[1], "/certification");
    DRMHSESSION client = DRMHSESSION_INVALID;
    HRESULT hr = user != NULL && url != NULL
                     ? DRMCreateClientSession(bench_callback, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH,
                                              user, &client)
                     : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) && DRMIsActivated(client, DRM_ACTIVATE_MACHINE, NULL) != S_OK) {
        hr = DRMActivate(client, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, &round, NULL);
        if (SUCCEEDED(hr))
            hr = wait_for(&round);
    }
    if (FAILED(hr)) {
        fprintf(stderr, "activate_bench: session or machine activation failed: 0x%08lx\n",
                (unsigned long)(unsigned)hr);
        return 1;
    }

    double trips[MAX_ROUNDS], floors[MAX_ROUNDS];
    struct floor_keys keys;
    if (!floor_prepare(&keys)) {
        fprintf(stderr, "activate_bench: OpenSSL failed\n");
        return 1;
    }
    DRM_ACTSERV_INFO info = {0};
    info.wszURL = url;
    for (int i = 0; i < rounds; i++) {
        round.done = 0;
        unsigned long long start = test_monotonic_ns();
        hr = DRMActivate(client, DRM_ACTIVATE_GROUPIDENTITY | DRM_ACTIVATE_SILENT, 0, &info, &round,
                         NULL);
        if (SUCCEEDED(hr))
            hr = wait_for(&round);
        trips[i] = (double)(test_monotonic_ns() - start) / 1e9;
        floors[i] = floor_round(&keys);
        if (hr != S_DRM_COMPLETED || floors[i] < 0) {
            fprintf(stderr, "activate_bench: round %d failed: 0x%08lx\n", i,
                    (unsigned long)(unsigned)hr);
            return 1;
        }
        printf("round %2d: %.2f ms, RSA floor %.3f ms\n", i, trips[i] * 1e3, floors[i] * 1e3);
    }
    double trip = bench_median(trips, (size_t)rounds), floor = bench_median(floors, (size_t)rounds);
    printf("median of %d: DRMActivate(GROUPIDENTITY) %.2f ms, its RSA work %.3f ms (%.1fx)\n", rounds,
           trip * 1e3, floor * 1e3, trip / floor);
    DRMCloseSession(client);
    EVP_PKEY_free(keys.k1024);
    EVP_PKEY_free(keys.k2048);
    free(user);
    free(url);
    return 0;
}
