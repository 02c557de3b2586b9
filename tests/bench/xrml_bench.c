/*
 * Benchmark (issue 5): parse + verify one end-user license chain (EUL +
 * SLC + CA root, built by tests/support/xrml_builders.c) held as one
 * UTF-16 string, the way the API receives it: chain_split, xrml_parse_utf16
 * of each document, xrml_verify_chain. In the same run, the RSA
 * verifications alone (EVP_PKEY_verify of the same signatures and digests
 * with the same keys, set up as the library sets them up) are timed
 * separately, so the share of parsing + hashing against RSA is known.
 * Target: parsing and canonicalisation together cost less than the RSA
 * verifications.
 *
 *   build/native-release/bin/xrml_bench [runs] [chains per run]
 *
 * Prints each run, a split of the non-RSA time by step, and the medians.
 * Times are processor time of the process (clock()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rsa.h>

#include "xrml/certificate_chain.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "xrml/xrml_scan.h"
#include "bench_median.h"
#include "msdrmerror.h"
#include "xrml_builders.h"

#define DOCUMENTS 3
#define MAX_RUNS 100

static double median(double *values, int count)
{
    return bench_median(values, (size_t)count);
}

/* Processor time of this process (POSIX clock(), microsecond steps): the
 * machines this runs on are shared, and wall time counts the others. */
static double now_ms(void)
{
    return 1000.0 * (double)clock() / CLOCKS_PER_SEC;
}

/* What one RSA verification needs, taken from a parsed document. */
struct signature {
    EVP_PKEY *key;
    unsigned char digest[20];
    unsigned char value[512];
    size_t length;
};

static int decode(const char *text, unsigned char *bytes, size_t *length)
{
    size_t chars = text != NULL ? strlen(text) : 0;
    if (chars == 0 || chars % 4 != 0 || chars / 4 * 3 > 512)
        return 0;
    int count = EVP_DecodeBlock(bytes, (const unsigned char *)text, (int)chars);
    *length = (size_t)count - (text[chars - 1] == '=') - (text[chars - 2] == '=');
    return count > 0;
}

static int signature_of(const struct xrml_document *document, struct signature *s)
{
    return xrml_issuer_key(document, &s->key) == S_OK &&
           xrml_document_digest(document, s->digest) == S_OK &&
           decode(xrml_text(xrml_select_first(document->root, "SIGNATURE/VALUE")), s->value,
                  &s->length);
}

/* The library's own RSA step (xrml_verify.c), alone. */
static int rsa_verify(const struct signature *s)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(s->key, NULL);
    int ok = context != NULL && EVP_PKEY_verify_init(context) == 1 &&
             EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1 &&
             EVP_PKEY_CTX_set_signature_md(context, EVP_sha1()) == 1 &&
             EVP_PKEY_verify(context, s->value, s->length, s->digest, 20) == 1;
    EVP_PKEY_CTX_free(context);
    return ok;
}

static int parse_chain(const WCHAR *chain, struct xrml_document **documents)
{
    struct chain_span spans[DOCUMENTS];
    size_t count = 0;
    if (chain_split(chain, spans, DOCUMENTS, &count) != S_OK || count != DOCUMENTS)
        return 0;
    for (size_t i = 0; i < DOCUMENTS; i++) {
        if (xrml_parse_utf16(chain + spans[i].start, spans[i].length, &documents[i]) != S_OK)
            return 0;
    }
    return 1;
}

static void release(struct xrml_document **documents)
{
    for (size_t i = 0; i < DOCUMENTS; i++)
        xrml_document_unref(documents[i]);
}

/* Where the non-RSA time goes: each step alone, in ms per chain. */
static void print_split(const WCHAR *chain, int chains)
{
    struct xrml_document *documents[DOCUMENTS];
    struct chain_span spans[DOCUMENTS];
    size_t count = 0;
    double start = now_ms();
    for (int i = 0; i < chains; i++)
        chain_split(chain, spans, DOCUMENTS, &count);
    double split = now_ms() - start;
    start = now_ms();
    for (int i = 0; i < chains; i++) {
        parse_chain(chain, documents);
        release(documents);
    }
    double parse = now_ms() - start - split;
    /* Our own share of parsing: UTF-16 to UTF-8, then the scanner. */
    char *utf8[DOCUMENTS];
    size_t bytes[DOCUMENTS];
    start = now_ms();
    for (int i = 0; i < chains; i++) {
        for (size_t d = 0; d < DOCUMENTS; d++) {
            utf8[d] = wstr_to_utf8_span(chain + spans[d].start, spans[d].length, &bytes[d]);
            if (i + 1 < chains)
                free(utf8[d]);
        }
    }
    double convert = now_ms() - start;
    start = now_ms();
    for (int i = 0; i < chains; i++) {
        for (size_t d = 0; d < DOCUMENTS; d++) {
            struct xrml_scan found;
            xrml_scan(utf8[d], bytes[d], &found);
        }
    }
    double scan = now_ms() - start;
    for (size_t d = 0; d < DOCUMENTS; d++)
        free(utf8[d]);
    parse_chain(chain, documents);
    unsigned char digest[20];
    start = now_ms();
    for (int i = 0; i < chains; i++) {
        for (size_t d = 0; d < DOCUMENTS; d++)
            xrml_document_digest(documents[d], digest);
    }
    double hash = now_ms() - start;
    start = now_ms();
    for (int i = 0; i < chains; i++) {
        for (size_t d = 0; d < DOCUMENTS; d++) {
            EVP_PKEY *issuer = NULL;
            xrml_issuer_key(documents[d], &issuer);
            EVP_PKEY_free(issuer);
        }
    }
    double keys = now_ms() - start;
    start = now_ms();
    for (int i = 0; i < chains; i++)
        xrml_verify_chain(documents, DOCUMENTS);
    double verify = now_ms() - start;
    release(documents);
    printf("split of the non-RSA work, microseconds per chain: chain_split %.1f, "
           "parse %.1f (of which UTF-16 to UTF-8 %.1f, our scan %.1f, libxml2 the rest), "
           "BODY digests %.1f, building the 3 issuer keys %.1f; "
           "xrml_verify_chain of the parsed chain (digests, keys, RSA) %.1f\n",
           1000 * split / chains, 1000 * parse / chains, 1000 * convert / chains,
           1000 * scan / chains, 1000 * hash / chains, 1000 * keys / chains,
           1000 * verify / chains);
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 7;
    int chains = argc > 2 ? atoi(argv[2]) : 1000;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 7;
    if (chains < 1)
        chains = 1000;
    struct xrml_test_pki *pki = xrml_test_pki_new();
    char *text =
        pki != NULL
            ? xrml_test_end_user_license_chain(pki, "{1e1bc364-517e-4800-ab79-17b7bf68bc8c}")
            : NULL;
    WCHAR *chain = text != NULL ? xrml_widen(text) : NULL;
    if (chain == NULL) {
        fprintf(stderr, "cannot build the chain\n");
        return 1;
    }
    struct xrml_document *documents[DOCUMENTS];
    struct signature signatures[DOCUMENTS] = {0};
    if (!parse_chain(chain, documents) || xrml_verify_chain(documents, DOCUMENTS) != S_OK) {
        fprintf(stderr, "the chain does not verify\n");
        return 1;
    }
    for (size_t i = 0; i < DOCUMENTS; i++) {
        if (!signature_of(documents[i], &signatures[i]) || !rsa_verify(&signatures[i]))
            return 1;
    }
    release(documents);
    printf("chain: EUL + SLC (1024-bit keys) + CA root (2048-bit), %zu UTF-16 units; "
           "%d chains per run\n",
           strlen(text), chains);

    double total[MAX_RUNS], rsa[MAX_RUNS], rest[MAX_RUNS], per_second[MAX_RUNS];
    for (int run = 0; run < runs; run++) {
        double start = now_ms();
        for (int i = 0; i < chains; i++) {
            if (!parse_chain(chain, documents) || xrml_verify_chain(documents, DOCUMENTS) != S_OK)
                return 1;
            release(documents);
        }
        total[run] = now_ms() - start;
        start = now_ms();
        for (int i = 0; i < chains; i++) {
            for (size_t d = 0; d < DOCUMENTS; d++) {
                if (!rsa_verify(&signatures[d]))
                    return 1;
            }
        }
        rsa[run] = now_ms() - start;
        rest[run] = total[run] - rsa[run];
        per_second[run] = 1000.0 * DOCUMENTS * chains / total[run];
        printf("run %d: %.0f documents/s; per chain %.1f us, RSA %.1f us (%.0f%%), "
               "parsing + hashing + keys %.1f us\n",
               run + 1, per_second[run], 1000 * total[run] / chains, 1000 * rsa[run] / chains,
               100 * rsa[run] / total[run], 1000 * rest[run] / chains);
    }
    print_split(chain, chains);
    double t = median(total, runs), r = median(rsa, runs), p = median(rest, runs);
    printf("median of %d runs: %.0f documents/s (%.0f chains/s); per chain %.1f us: "
           "RSA verifications %.1f us (%.0f%%), everything else %.1f us (%.0f%%); "
           "target (everything else < RSA): %s\n",
           runs, median(per_second, runs), 1000.0 * chains / t, 1000 * t / chains,
           1000 * r / chains, 100 * r / t, 1000 * p / chains, 100 * p / t,
           p < r ? "met" : "NOT met");
    for (size_t i = 0; i < DOCUMENTS; i++)
        EVP_PKEY_free(signatures[i].key);
    free(chain);
    free(text);
    xrml_test_pki_free(pki);
    return 0;
}
