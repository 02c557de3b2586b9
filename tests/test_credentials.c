/*
 * What a server issues, checked before the client keeps it
 * (src/credentials/): rights account certificates (spec/rmpr.md §5.2,
 * §6.2; spec/xrml.md §4.3), client licensor certificates (§5.6, §6.3;
 * §4.4) and templates (§5.9; §4.8). Each rule refuses a document that
 * breaks only it; the good ones are accepted and described for the store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/rsa.h>

#include "credentials/client_licensor.h"
#include "credentials/issued_chain.h"
#include "credentials/rights_account.h"
#include "credentials/rights_template.h"
#include "issued_documents.h"
#include "xrml/certificate_chain.h"
#include "msdrmerror.h"

static struct xrml_test_pki *pki;
static EVP_PKEY *other_key; /* neither the server's nor the machine's */

static int setup(void **state)
{
    (void)state;
    pki = xrml_test_pki_new();
    other_key = EVP_RSA_gen(1024);
    return pki != NULL && other_key != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xrml_test_pki_free(pki);
    EVP_PKEY_free(other_key);
    return 0;
}

/* A chain's documents as a reply carries them: literal texts, leaf first. */
struct documents {
    size_t count;
    char *texts[8];
    size_t lengths[8];
};

static void split(const char *chain, struct documents *documents)
{
    memset(documents, 0, sizeof *documents);
    const char *at = chain;
    while ((at = strstr(at, "<XrML")) != NULL && documents->count < 8) {
        const char *end = strstr(at, "</XrML>");
        assert_non_null(end);
        end += strlen("</XrML>");
        size_t length = (size_t)(end - at);
        char *text = malloc(length + 1);
        assert_non_null(text);
        memcpy(text, at, length);
        text[length] = '\0';
        documents->texts[documents->count] = text;
        documents->lengths[documents->count++] = length;
        at = end;
    }
}

static void documents_free(struct documents *documents)
{
    for (size_t i = 0; i < documents->count; i++)
        free(documents->texts[i]);
}

static struct machine_key machine(void)
{
    return (struct machine_key){pki->machine_guid, pki->machine_key};
}

/* Accepts `chain` (freed) as a RAC chain for the hierarchy's machine. */
static HRESULT accept_rac(char *chain, struct store_item *item)
{
    assert_non_null(chain);
    struct documents documents;
    split(chain, &documents);
    struct machine_key machines[] = {{"{not-this-one}", other_key}, machine()};
    HRESULT hr = rights_account_accept(documents.count, documents.texts, documents.lengths,
                                       machines, 2, xrml_time_from_now(0), item);
    documents_free(&documents);
    free(chain);
    return hr;
}

static char *good_rac(void)
{
    return issued_rac(pki, pki->slc_key, pki->machine_key, pki->machine_guid, pki->before,
                      pki->until, 0);
}

/* rmpr.md §6.2: the chain links to the server, the key opens with ours. */
static void test_good_rac_is_accepted(void **state)
{
    (void)state;
    char *rac = good_rac();
    char *chain = issued_chain_of(pki, rac);
    struct store_item item;
    assert_int_equal(accept_rac(chain, &item), S_OK);
    assert_int_equal(item.kind, STORE_RIGHTS_ACCOUNT_CERTIFICATE);
    assert_non_null(item.license_id);
    assert_string_equal(item.group_identity, ISSUED_USER);
    assert_string_equal(item.issuer_name, "TEST-RMS");
    assert_int_equal(item.valid_from, pki->before);
    assert_int_equal(item.valid_until, pki->until);
    /* The literal texts, joined: the RAC first. */
    assert_memory_equal(item.xrml, rac, strlen(rac));
    assert_int_equal(strlen(item.xrml),
                     strlen(rac) + strlen(pki->slc_certificate) + strlen(pki->ca_certificate));

    /* The private key opens again from the stored RAC. */
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(rac, strlen(rac), &document), S_OK);
    struct machine_key machines[] = {machine()};
    EVP_PKEY *key = NULL;
    assert_int_equal(rights_account_open_key(document, machines, 1, &key), S_OK);
    assert_true(xrml_same_key(key, pki->rac_key));
    EVP_PKEY_free(key);
    /* Not with another machine's key. */
    machines[0].key = other_key;
    assert_int_equal(rights_account_open_key(document, machines, 1, &key), E_DRM_INVALID_LICENSE);
    assert_null(key);
    xrml_document_unref(document);
    store_item_clear(&item);
    free(rac);
}

static void test_rac_signed_by_another_key(void **state)
{
    (void)state;
    char *rac =
        issued_rac(pki, other_key, pki->machine_key, pki->machine_guid, pki->before, pki->until, 0);
    struct store_item item;
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_INVALID_SERVER_RESPONSE);
    assert_null(item.xrml);
    free(rac);
}

/* The hierarchy's SLC issued by its CA, but for `key`. */
static char *test_issuing(const struct xrml_test_pki *k, EVP_PKEY *key)
{
    struct xrml_test_party slc;
    xrml_test_party_copy(&slc, &k->slc);
    slc.party.key = key;
    slc.party.internal_id = "1";
    return xrml_test_issuing_certificate("Server-Licensor-Certificate", k->slc_guid, k->issued,
                                         k->before, k->until, &k->ca.party, &slc.party, k->ca_key);
}

static void test_chain_that_does_not_link(void **state)
{
    (void)state;
    char *rac = good_rac();
    /* An SLC for another key: the RAC's issuer is not its principal. */
    char *slc = test_issuing(pki, other_key);
    const char *parts[] = {rac, slc, pki->ca_certificate, NULL};
    struct store_item item;
    assert_int_equal(accept_rac(xrml_concatenate(parts), &item), E_DRM_INVALID_SERVER_RESPONSE);
    /* And a chain that stops short of a root. */
    const char *short_parts[] = {rac, pki->slc_certificate, NULL};
    assert_int_equal(accept_rac(xrml_concatenate(short_parts), &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    /* A RAC alone. */
    const char *alone[] = {rac, NULL};
    assert_int_equal(accept_rac(xrml_concatenate(alone), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(slc);
    free(rac);
}

static void test_rac_for_another_machine(void **state)
{
    (void)state;
    struct store_item item;
    /* Sealed to another key under our machine's ID. */
    char *rac =
        issued_rac(pki, pki->slc_key, other_key, pki->machine_guid, pki->before, pki->until, 0);
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(rac);
    /* Naming another machine. */
    rac = issued_rac(pki, pki->slc_key, pki->machine_key, "{00000000-0000-0000-0000-000000000000}",
                     pki->before, pki->until, 0);
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(rac);
    /* With the hash of something else than its ISSUER. */
    rac = issued_rac(pki, pki->slc_key, pki->machine_key, pki->machine_guid, pki->before,
                     pki->until, 1);
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(rac);
}

static void test_rac_out_of_its_time(void **state)
{
    (void)state;
    struct store_item item;
    char *rac = issued_rac(pki, pki->slc_key, pki->machine_key, pki->machine_guid,
                           xrml_time_from_now(-7200), xrml_time_from_now(-3600), 0);
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_VALIDITYTIME_VIOLATION);
    free(rac);
    rac = issued_rac(pki, pki->slc_key, pki->machine_key, pki->machine_guid,
                     xrml_time_from_now(3600), xrml_time_from_now(7200), 0);
    assert_int_equal(accept_rac(issued_chain_of(pki, rac), &item), E_DRM_VALIDITYTIME_VIOLATION);
    free(rac);
}

static void test_malformed_documents(void **state)
{
    (void)state;
    char *texts[] = {"<XrML><BODY>", "not xml"};
    size_t lengths[] = {strlen(texts[0]), strlen(texts[1])};
    struct machine_key machines[] = {machine()};
    struct store_item item;
    assert_int_equal(rights_account_accept(2, texts, lengths, machines, 1, 0, &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(rights_account_accept(0, texts, lengths, machines, 1, 0, &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    /* A CLC where a RAC belongs. */
    char *clc = issued_clc(pki, pki->slc_key, pki->rac_key);
    assert_int_equal(accept_rac(issued_chain_of(pki, clc), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(clc);
}

/* Accepts a CLC chain (freed) for the hierarchy's RAC. */
static HRESULT accept_clc(char *chain, struct store_item *item)
{
    assert_non_null(chain);
    struct documents documents;
    split(chain, &documents);
    struct xrml_document *rac = NULL;
    assert_int_equal(xrml_parse_utf8(pki->rac, strlen(pki->rac), &rac), S_OK);
    HRESULT hr = client_licensor_accept(documents.count, documents.texts, documents.lengths, rac,
                                        pki->rac_key, xrml_time_from_now(0), item);
    xrml_document_unref(rac);
    documents_free(&documents);
    free(chain);
    return hr;
}

/* rmpr.md §6.3: the CLC key opens with the RAC key. */
static void test_client_licensor_certificates(void **state)
{
    (void)state;
    char *clc = issued_clc(pki, pki->slc_key, pki->rac_key);
    struct store_item item;
    assert_int_equal(accept_clc(issued_chain_of(pki, clc), &item), S_OK);
    assert_int_equal(item.kind, STORE_CLIENT_LICENSOR_CERTIFICATE);
    assert_string_equal(item.group_identity, ISSUED_USER);
    assert_int_equal(item.valid_until, pki->until);
    store_item_clear(&item);

    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(clc, strlen(clc), &document), S_OK);
    EVP_PKEY *key = NULL;
    assert_int_equal(client_licensor_open_key(document, pki->rac_key, &key), S_OK);
    assert_true(xrml_same_key(key, pki->clc_key));
    EVP_PKEY_free(key);
    xrml_document_unref(document);
    free(clc);

    /* Sealed to another RAC key, signed by another key. */
    clc = issued_clc(pki, pki->slc_key, other_key);
    assert_int_equal(accept_clc(issued_chain_of(pki, clc), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(clc);
    clc = issued_clc(pki, other_key, pki->rac_key);
    assert_int_equal(accept_clc(issued_chain_of(pki, clc), &item), E_DRM_INVALID_SERVER_RESPONSE);
    free(clc);
}

static void test_templates(void **state)
{
    (void)state;
    char guid[39];
    xrml_random_guid(guid);
    char *server_key = issued_server_public_key(pki->slc_key);
    struct template_server server;
    assert_int_equal(template_server_read(server_key, &server), S_OK);
    struct template_server again;
    assert_int_equal(template_server_read(server_key, &again), S_OK);
    assert_string_equal(server.id, again.id); /* one server, one identifier */
    template_server_clear(&again);
    assert_int_equal(template_server_read("bm90IGEga2V5", &again), E_DRM_INVALID_SERVER_RESPONSE);

    char *text = issued_template(pki, pki->slc_key, guid, 7);
    char *hash = issued_template_hash(text);
    assert_non_null(hash);
    struct store_item item;
    assert_int_equal(rights_template_accept(text, strlen(text), guid, hash, &server, &item), S_OK);
    assert_string_equal(item.license_id, guid);
    assert_string_equal(item.issuer_name, server.id);
    assert_string_equal(item.xrml, text);
    store_item_clear(&item);
    char *stored_hash = NULL;
    assert_int_equal(rights_template_hash(text, strlen(text), &stored_hash), S_OK);
    assert_string_equal(stored_hash, hash);
    free(stored_hash);

    /* Under another GUID, with another hash, signed by another key. */
    char other_guid[39];
    xrml_random_guid(other_guid);
    assert_int_equal(rights_template_accept(text, strlen(text), other_guid, hash, &server, &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(rights_template_accept(text, strlen(text), guid, "AAAA", &server, &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    char *forged = issued_template(pki, other_key, guid, 7);
    char *forged_hash = issued_template_hash(forged);
    assert_int_equal(
        rights_template_accept(forged, strlen(forged), guid, forged_hash, &server, &item),
        E_DRM_INVALID_SERVER_RESPONSE);
    assert_int_equal(rights_template_accept("<XrML", 5, guid, hash, &server, &item),
                     E_DRM_INVALID_SERVER_RESPONSE);
    free(forged);
    free(forged_hash);
    free(text);
    free(hash);
    free(server_key);
    template_server_clear(&server);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_rac_is_accepted),
        cmocka_unit_test(test_rac_signed_by_another_key),
        cmocka_unit_test(test_chain_that_does_not_link),
        cmocka_unit_test(test_rac_for_another_machine),
        cmocka_unit_test(test_rac_out_of_its_time),
        cmocka_unit_test(test_malformed_documents),
        cmocka_unit_test(test_client_licensor_certificates),
        cmocka_unit_test(test_templates),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
