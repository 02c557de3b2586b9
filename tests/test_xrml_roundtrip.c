/*
 * Round trips through the XrML core (issue 5): every certificate and
 * license type is built and signed (tests/support/xrml_builders.c, after
 * spec/xrml.md §4), serialised, parsed from UTF-8 and from UTF-16 and
 * verified with its issuer's key; chains verify link by link; a one-byte
 * change anywhere in a signed BODY, or two documents of a chain swapped,
 * is refused. An independent checker (tests/support/xrml_check.c, none of
 * the library's code) confirms that our signatures are the spec's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "xrml/certificate_chain.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"
#include "body_changes.h"
#include "msdrmerror.h"
#include "xrml_builders.h"
#include "xrml_check.h"

#define CONTENT_ID "{1e1bc364-517e-4800-ab79-17b7bf68bc8c}"

struct fixture {
    struct xrml_test_pki *pki;
    EVP_PKEY *authority_key; /* signs the revocation list */
    struct xrml_test_party authority;
};

/* One built document and what it must verify with. */
struct built {
    const char *what;
    const char *body_type;
    char *text;
    EVP_PKEY *signer; /* public half: the issuer's key */
};

enum { TYPES = 9 };

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->pki = xrml_test_pki_new();
    f->authority_key = EVP_RSA_gen(1024);
    assert_non_null(f->pki);
    assert_non_null(f->authority_key);
    xrml_test_party_init(&f->authority, "Revocation", "ascii-tag", "External revocation authority",
                         NULL, NULL, f->authority_key);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    xrml_test_pki_free(f->pki);
    EVP_PKEY_free(f->authority_key);
    free(f);
    return 0;
}

static char *build_template(const struct xrml_test_pki *k)
{
    return xrml_test_rights_template(k, "reader@openmsdrm.test", 7);
}

static char *build_revocations(const struct fixture *f)
{
    return xrml_test_revocation_list(&f->authority.party, f->authority_key, f->pki->issued,
                                     "{c0ffee00-0000-4000-8000-000000000001}", CONTENT_ID,
                                     f->pki->rac_key);
}

/* One document of every type, each with its signer. Free with free_all. */
static void build_all(const struct fixture *f, struct built documents[TYPES])
{
    const struct xrml_test_pki *k = f->pki;
    struct built all[TYPES] = {
        {"CA root", "LICENSE", str_copy(k->ca_certificate), k->ca_key},
        {"SLC", "LICENSE", str_copy(k->slc_certificate), k->ca_key},
        {"machine certificate", "LICENSE", str_copy(k->machine_certificate), k->spc_issuer_key},
        {"RAC", "LICENSE", str_copy(k->rac), k->slc_key},
        {"CLC", "LICENSE", str_copy(k->clc), k->slc_key},
        {"publishing license", "Microsoft Rights Label",
         xrml_test_publishing_license(k, CONTENT_ID), k->clc_key},
        {"end-user license", "LICENSE", xrml_test_end_user_license(k, CONTENT_ID), k->slc_key},
        {"rights template", "Microsoft Official Rights Template", build_template(k), k->slc_key},
        {"revocation list", "LICENSE", build_revocations(f), f->authority_key},
    };
    for (size_t i = 0; i < TYPES; i++) {
        if (all[i].text == NULL)
            fail_msg("%s: not built", all[i].what);
        documents[i] = all[i];
    }
}

static void free_all(struct built documents[TYPES])
{
    for (size_t i = 0; i < TYPES; i++)
        free(documents[i].text);
}

static struct xrml_document *parse(const char *text)
{
    struct xrml_document *document = NULL;
    assert_int_equal(xrml_parse_utf8(text, strlen(text), &document), S_OK);
    return document;
}

/* spec/xrml.md §1: no whitespace between elements, `" />"` empty elements. */
static void assert_written_like_rms(const struct built *b)
{
    if (strpbrk(b->text, "\r\n\t") != NULL || strstr(b->text, "> <") != NULL ||
        strstr(b->text, "\"/>") != NULL || strncmp(b->text, "<XrML ", 6) != 0)
        fail_msg("%s: not written in the RMS style", b->what);
    const char *end = b->text + strlen(b->text) - strlen("</SIGNATURE></XrML>");
    assert_string_equal(end, "</SIGNATURE></XrML>");
}

static void test_every_type_round_trips(void **state)
{
    struct fixture *f = *state;
    struct built documents[TYPES];
    build_all(f, documents);
    for (size_t i = 0; i < TYPES; i++) {
        const struct built *b = &documents[i];
        assert_written_like_rms(b);

        /* UTF-8: the document keeps the exact text it was given. */
        struct xrml_document *from_utf8 = parse(b->text);
        assert_int_equal(from_utf8->length, strlen(b->text));
        assert_memory_equal(from_utf8->text, b->text, from_utf8->length);
        assert_string_equal(xrml_body_type(from_utf8), b->body_type);
        if (xrml_verify(from_utf8, b->signer) != S_OK ||
            xrml_verify_with_issuer_key(from_utf8) != S_OK)
            fail_msg("%s does not verify", b->what);

        /* UTF-16, counted and NUL-terminated. */
        WCHAR *wide = xrml_widen(b->text);
        assert_non_null(wide);
        size_t units = 0;
        while (wide[units] != 0)
            units++;
        struct xrml_document *from_utf16 = NULL, *from_string = NULL;
        assert_int_equal(xrml_parse_utf16(wide, units, &from_utf16), S_OK);
        assert_int_equal(xrml_parse_string(wide, &from_string), S_OK);
        assert_int_equal(xrml_verify(from_utf16, b->signer), S_OK);
        assert_int_equal(xrml_verify_with_issuer_key(from_string), S_OK);
        unsigned char digest8[20], digest16[20];
        assert_int_equal(xrml_document_digest(from_utf8, digest8), S_OK);
        assert_int_equal(xrml_document_digest(from_utf16, digest16), S_OK);
        assert_memory_equal(digest8, digest16, sizeof digest8);

        /* The ISSUER key is the signer's; another key does not verify. */
        EVP_PKEY *issuer = NULL;
        assert_int_equal(xrml_issuer_key(from_utf8, &issuer), S_OK);
        assert_true(xrml_same_key(issuer, b->signer));
        EVP_PKEY *other = b->signer == f->pki->slc_key ? f->pki->clc_key : f->pki->slc_key;
        assert_int_equal(xrml_verify(from_utf8, other), E_DRM_INVALID_LICENSE_SIGNATURE);
        EVP_PKEY_free(issuer);

        /* And a verifier that is not the library's agrees. */
        if (xrml_check_signature(b->text, XRML_ISSUER_MODULUS) != XRML_VALID)
            fail_msg("%s: the independent check refuses our signature", b->what);

        xrml_document_unref(from_string);
        xrml_document_unref(from_utf16);
        xrml_document_unref(from_utf8);
        free(wide);
    }
    free_all(documents);
}

/* Bytes of a base64 VALUE, for the documented sizes. */
static size_t base64_bytes(const char *text)
{
    size_t chars = strlen(text);
    assert_true(chars > 0 && chars % 4 == 0);
    return chars / 4 * 3 - (text[chars - 1] == '=') - (text[chars - 2] == '=');
}

static void assert_enabling_bits(xmlNodePtr principal, size_t bytes)
{
    xmlNodePtr value = xrml_select_first(principal, "ENABLINGBITS/VALUE");
    assert_non_null(value);
    assert_string_equal(xrml_attribute(xrml_child(principal, "ENABLINGBITS"), "type"),
                        "sealed-key");
    char size[16];
    snprintf(size, sizeof size, "%zu", bytes * 8);
    assert_string_equal(xrml_attribute(value, "size"), size);
    assert_int_equal(base64_bytes(xrml_text(value)), bytes);
}

/* spec/xrml.md §4.7 and the SDK example: what an end-user license holds. */
static void test_end_user_license_shape(void **state)
{
    struct fixture *f = *state;
    char *text = xrml_test_end_user_license(f->pki, CONTENT_ID);
    assert_non_null(text);
    struct xrml_document *eul = parse(text);
    assert_string_equal(xrml_attribute(eul->root, "purpose"), "Content-License");
    assert_string_equal(xrml_attribute(eul->body, "version"), "3.0");
    assert_string_equal(xrml_attribute(xrml_select_first(eul->body, "DESCRIPTOR/OBJECT"), "type"),
                        "Content-License");
    assert_string_equal(xrml_text(xrml_select_first(eul->body, "WORK/OBJECT/ID")), CONTENT_ID);
    assert_string_equal(xrml_text(xrml_select_first(eul->body, "WORK/METADATA/OWNER/OBJECT/NAME")),
                        "user@openmsdrm.test");
    assert_string_equal(xrml_text(xrml_select_first(eul->body, "WORK/METADATA/SKU")), "SKUId");
    xmlNodePtr group = xrml_select_first(eul->body, "WORK/RIGHTSGROUP");
    assert_string_equal(xrml_attribute(group, "name"), "Main-Rights");

    static const char *const rights[] = {"VIEW", "EDIT", "RIGHT"};
    for (size_t i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "RIGHTSLIST/%s", rights[i]);
        xmlNodePtr right = xrml_select_first(group, path);
        assert_non_null(right);
        xmlNodePtr principal = xrml_select_first(right, "CONDITIONLIST/ACCESS/PRINCIPAL");
        assert_string_equal(xrml_attribute(principal, "internal-id"), "1");
        assert_enabling_bits(principal, 192);
        SYSTEMTIME from, until;
        assert_true(xrml_parse_time(
            xrml_text(xrml_select_first(right, "CONDITIONLIST/TIME/RANGETIME/FROM")), &from));
        assert_true(xrml_parse_time(
            xrml_text(xrml_select_first(right, "CONDITIONLIST/TIME/RANGETIME/UNTIL")), &until));
        assert_true(until.wYear > from.wYear);
        assert_string_equal(
            xrml_attribute(xrml_select_first(right, "CONDITIONLIST/TIME/INTERVALTIME"), "days"),
            "30");
    }
    assert_string_equal(xrml_attribute(xrml_select_first(group, "RIGHTSLIST/RIGHT"), "name"),
                        "OWNER");
    xmlNodePtr os = xrml_select_first(eul->body, "CONDITIONLIST/CONDITION");
    assert_string_equal(xrml_attribute(os, "NAME"), "OS-Exclusion");
    assert_string_equal(xrml_text(os), "5.1.2600.0-6.1.7600.0");
    assert_string_equal(xrml_attribute(xrml_child(eul->body, "POLICYLIST"), "type"), "exclusion");
    xmlNodePtr data = xrml_child(eul->body, "AUTHENTICATEDDATA");
    assert_string_equal(xrml_attribute(data, "id"), "APPSPECIFIC");
    assert_string_equal(xrml_text(data), "SomeValue");

    /* Issued by the SLC to the user's RAC key. */
    EVP_PKEY *principal = NULL;
    assert_int_equal(xrml_principal_key(eul, &principal), S_OK);
    assert_true(xrml_same_key(principal, f->pki->rac_key));
    EVP_PKEY_free(principal);
    xrml_document_unref(eul);
    free(text);
}

/* §4.5: the signed publishing license, its content ID and sealed key. */
static void test_publishing_license_shape(void **state)
{
    struct fixture *f = *state;
    char *text = xrml_test_publishing_license(f->pki, CONTENT_ID);
    assert_non_null(text);
    struct xrml_document *pl = parse(text);
    assert_string_equal(xrml_body_type(pl), "Microsoft Rights Label");
    assert_string_equal(
        xrml_attribute(xrml_select_first(pl->body, "DISTRIBUTIONPOINT/OBJECT"), "type"),
        "License-Acquisition-URL");
    assert_string_equal(xrml_text(xrml_select_first(pl->body, "WORK/OBJECT/ID")), CONTENT_ID);
    assert_string_equal(xrml_attribute(xrml_select_first(pl->body, "ISSUER/SECURITYLEVEL"), "name"),
                        "SDK");
    assert_non_null(xrml_select_first(pl->body, "DESCRIPTOR/OBJECT/ID"));
    assert_non_null(xrml_select_first(pl->body, "WORK/METADATA/OWNER/OBJECT/NAME"));
    assert_enabling_bits(xrml_select_first(pl->body, "ISSUEDPRINCIPALS/PRINCIPAL"), 192);
    xmlNodePtr rights_data = xrml_child(pl->body, "AUTHENTICATEDDATA");
    assert_string_equal(xrml_attribute(rights_data, "id"), "Encrypted-Rights-Data");
    assert_int_equal(base64_bytes(xrml_text(rights_data)) % 16, 0);
    /* Principal = the licensing server, issuer = the CLC key. */
    EVP_PKEY *server = NULL, *issuer = NULL;
    assert_int_equal(xrml_principal_key(pl, &server), S_OK);
    assert_int_equal(xrml_issuer_key(pl, &issuer), S_OK);
    assert_true(xrml_same_key(server, f->pki->slc_key));
    assert_true(xrml_same_key(issuer, f->pki->clc_key));
    EVP_PKEY_free(server);
    EVP_PKEY_free(issuer);
    xrml_document_unref(pl);
    free(text);
}

/* §4.2-4.4: sealed private keys are 768 bytes; SPC principal has no internal-id. */
static void test_certificate_shapes(void **state)
{
    struct fixture *f = *state;
    struct xrml_document *rac = parse(f->pki->rac);
    assert_string_equal(xrml_attribute(xrml_select_first(rac->body, "DESCRIPTOR/OBJECT"), "type"),
                        "Group-Identity-Credential");
    assert_enabling_bits(xrml_select_first(rac->body, "FEDERATIONPRINCIPALS/PRINCIPAL"), 768);
    assert_int_equal(xrml_select(rac->body, "ISSUEDPRINCIPALS/PRINCIPAL/SECURITYLEVEL", NULL, 0),
                     3);
    xrml_document_unref(rac);

    struct xrml_document *clc = parse(f->pki->clc);
    assert_enabling_bits(
        xrml_select_first(clc->body,
                          "WORK/RIGHTSGROUP/RIGHTSLIST/RIGHT/CONDITIONLIST/ACCESS/PRINCIPAL"),
        768);
    xrml_document_unref(clc);

    struct xrml_document *spc = parse(f->pki->machine_certificate);
    xmlNodePtr machine = xrml_select_first(spc->body, "ISSUEDPRINCIPALS/PRINCIPAL");
    assert_null(xrml_attribute(machine, "internal-id"));
    assert_string_equal(xrml_attribute(xrml_select_first(machine, "DIGEST/VALUE"), "size"), "160");
    assert_int_equal(base64_bytes(xrml_text(xrml_select_first(machine, "DIGEST/VALUE"))), 20);
    xrml_document_unref(spc);

    struct xrml_document *root = parse(f->pki->ca_certificate);
    EVP_PKEY *key = NULL;
    assert_int_equal(xrml_principal_key(root, &key), S_OK);
    assert_int_equal(EVP_PKEY_get_bits(key), 2048);
    EVP_PKEY_free(key);
    xrml_document_unref(root);
}

/* §4.8 and §2 (REVOCATIONLIST, REVOKE). */
static void test_template_and_revocation_shapes(void **state)
{
    struct fixture *f = *state;
    char *text = build_template(f->pki);
    assert_non_null(text);
    struct xrml_document *template = parse(text);
    assert_null(xrml_attribute(template->body, "version"));
    assert_null(xrml_select_first(template->body, "ISSUER/SECURITYLEVEL"));
    assert_string_equal(
        xrml_attribute(xrml_select_first(template->body, "DISTRIBUTIONPOINT/OBJECT"), "type"),
        "Publishing-URL");
    assert_string_equal(xrml_attribute(xrml_select_first(template->body, "WORK/OBJECT/ID"), "type"),
                        "");
    assert_string_equal(
        xrml_text(xrml_select_first(
            template->body,
            "WORK/RIGHTSGROUP/RIGHTSLIST/RIGHT/CONDITIONLIST/ACCESS/PRINCIPAL/OBJECT/ID")),
        "Owner");
    assert_string_equal(
        xrml_text(xrml_select_first(
            template->body,
            "WORK/RIGHTSGROUP/RIGHTSLIST/VIEW/CONDITIONLIST/ACCESS/PRINCIPAL/OBJECT/NAME")),
        "reader@openmsdrm.test");
    xrml_document_unref(template);
    free(text);

    text = build_revocations(f);
    assert_non_null(text);
    struct xrml_document *list = parse(text);
    xmlNodePtr revoked[4];
    assert_int_equal(xrml_select(list->body, "REVOCATIONLIST/REVOKE", revoked, 4), 3);
    assert_string_equal(xrml_attribute(revoked[0], "category"), "license");
    assert_string_equal(xrml_attribute(revoked[1], "type"), "content-id");
    assert_string_equal(xrml_text(xrml_select_first(revoked[1], "OBJECT/ID")), CONTENT_ID);
    EVP_PKEY *key = NULL;
    assert_int_equal(xrml_read_public_key(xrml_child(revoked[2], "PUBLICKEY"), &key), S_OK);
    assert_true(xrml_same_key(key, f->pki->rac_key));
    EVP_PKEY_free(key);
    xrml_document_unref(list);
    free(text);
}

/* Non-ASCII text: the digest is over UTF-16LE (§0), surrogate pairs too. */
static void test_non_ascii_text(void **state)
{
    struct fixture *f = *state;
    const struct xrml_test_pki *k = f->pki;
    /* The default license with one right and another content name. */
    struct xrml_test_model m;
    assert_true(xrml_test_end_user_license_model(&m, k, CONTENT_ID));
    struct license_work work = m.model.works[0];
    struct license_object content = *work.object;
    content.name = "Inhalt \xC3\xA4 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 <&\"'>";
    struct license_rights_group group = work.groups[0];
    group.right_count = 1;
    work.object = &content;
    work.groups = &group;
    struct license_model model = m.model;
    model.works = &work;
    char *text = NULL;
    assert_int_equal(license_build_end_user_license(&model, k->slc_key, &text), S_OK);
    struct xrml_document *document = parse(text);
    assert_int_equal(xrml_verify_with_issuer_key(document), S_OK);
    assert_string_equal(xrml_text(xrml_select_first(document->body, "WORK/OBJECT/NAME")),
                        content.name);
    xrml_document_unref(document);
    WCHAR *wide = xrml_widen(text);
    assert_int_equal(xrml_parse_string(wide, &document), S_OK);
    assert_int_equal(xrml_verify_with_issuer_key(document), S_OK);
    xrml_document_unref(document);
    assert_int_equal(xrml_check_signature(text, XRML_ISSUER_MODULUS), XRML_VALID);
    free(wide);
    free(text);
    xrml_test_model_free(&m);
}

/* Splits a UTF-16 chain and parses every document. */
static size_t parse_chain(const char *utf8, struct xrml_document **documents, size_t capacity)
{
    WCHAR *chain = xrml_widen(utf8);
    assert_non_null(chain);
    struct chain_span spans[8];
    size_t count = 0;
    assert_int_equal(chain_split(chain, spans, 8, &count), S_OK);
    assert_true(count <= capacity);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(xrml_parse_utf16(chain + spans[i].start, spans[i].length, &documents[i]),
                         S_OK);
    free(chain);
    return count;
}

static void release(struct xrml_document **documents, size_t count)
{
    for (size_t i = 0; i < count; i++)
        xrml_document_unref(documents[i]);
}

/* Every pair of documents swapped breaks the chain (each still verifies). */
static void assert_swaps_break(struct xrml_document **documents, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        for (size_t j = i + 1; j < count; j++) {
            struct xrml_document *swapped[8];
            memcpy(swapped, documents, count * sizeof *documents);
            swapped[i] = documents[j];
            swapped[j] = documents[i];
            HRESULT hr = xrml_verify_chain(swapped, count);
            if (hr != E_DRM_BROKEN_CERT_CHAIN)
                fail_msg("swapping %zu and %zu: 0x%08x", i, j, (unsigned)hr);
        }
    }
}

static void test_chains(void **state)
{
    struct fixture *f = *state;
    struct xrml_document *eul[8], *pl[8];
    char *eul_text = xrml_test_end_user_license_chain(f->pki, CONTENT_ID);
    char *pl_text = xrml_test_publishing_license_chain(f->pki, CONTENT_ID);
    assert_non_null(eul_text);
    assert_non_null(pl_text);
    size_t eul_count = parse_chain(eul_text, eul, 8);
    size_t pl_count = parse_chain(pl_text, pl, 8);
    assert_int_equal(eul_count, 3);
    assert_int_equal(pl_count, 4);
    assert_int_equal(xrml_verify_chain(eul, eul_count), S_OK);
    assert_int_equal(xrml_verify_chain(pl, pl_count), S_OK);
    /* Any tail of a chain is a chain; the root alone verifies itself. */
    assert_int_equal(xrml_verify_chain(pl + 1, 3), S_OK);
    assert_int_equal(xrml_verify_chain(eul + 2, 1), S_OK);
    assert_swaps_break(eul, eul_count);
    assert_swaps_break(pl, pl_count);
    /* A link left out: the EUL was not issued by the CA. */
    struct xrml_document *gap[2] = {eul[0], eul[2]};
    assert_int_equal(xrml_verify_chain(gap, 2), E_DRM_BROKEN_CERT_CHAIN);
    /* The PL was signed by the CLC, not by the SLC that issued the EUL. */
    struct xrml_document *wrong[3] = {pl[0], eul[1], eul[2]};
    assert_int_equal(xrml_verify_chain(wrong, 3), E_DRM_BROKEN_CERT_CHAIN);
    release(eul, eul_count);
    release(pl, pl_count);

    /* A damaged signature in the middle is a signature error, not a link error. */
    char *damaged = strstr(strstr(pl_text, "<ISSUEDTIME>") + 1, "<ISSUEDTIME>"); /* the CLC's */
    assert_non_null(damaged);
    damaged[strlen("<ISSUEDTIME>")] ^= 1; /* 2026 becomes 3026 */
    pl_count = parse_chain(pl_text, pl, 8);
    assert_int_equal(xrml_verify_chain(pl, pl_count), E_DRM_INVALID_LICENSE_SIGNATURE);
    release(pl, pl_count);
    free(eul_text);
    free(pl_text);
}

/*
 * A change of any one byte of a signed BODY: the text stops being a
 * document, or its signature fails, with the library and with the
 * independent checker. Most changes must reach the signature check.
 */
static void must_fail_in_library(struct xrml_document *changed, size_t at, void *context)
{
    const struct built *document = context;
    HRESULT signed_by = xrml_verify(changed, document->signer);
    HRESULT own_issuer = xrml_verify_with_issuer_key(changed);
    if (signed_by != E_DRM_INVALID_LICENSE_SIGNATURE ||
        (own_issuer != E_DRM_INVALID_LICENSE_SIGNATURE && own_issuer != E_DRM_INVALID_LICENSE))
        fail_msg("%s: change at %zu: 0x%08x, 0x%08x", document->what, at, (unsigned)signed_by,
                 (unsigned)own_issuer);
}

static void must_fail_independently(const char *changed, size_t at, void *context)
{
    const struct built *document = context;
    if (xrml_check_signature(changed, XRML_ISSUER_MODULUS) == XRML_VALID)
        fail_msg("%s: change at %zu passes the independent check", document->what, at);
}

static void test_one_byte_changes(void **state)
{
    struct fixture *f = *state;
    struct built documents[TYPES];
    build_all(f, documents);
    size_t all_parsed = 0, all_changes = 0;
    for (size_t i = 0; i < TYPES; i++) {
        size_t body = 0;
        size_t parsed = each_body_byte_changed(documents[i].text, strlen(documents[i].text),
                                               must_fail_in_library, must_fail_independently,
                                               &documents[i], &body);
        /* Markup-heavy bodies (the template) have fewer, none has few. */
        if (parsed <= body / 3)
            fail_msg("%s: only %zu of %zu changes parsed", documents[i].what, parsed, body);
        all_parsed += parsed;
        all_changes += body;
    }
    if (all_parsed <= all_changes / 2)
        fail_msg("only %zu of %zu changes parsed", all_parsed, all_changes);
    free_all(documents);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_round_trips),
        cmocka_unit_test(test_end_user_license_shape),
        cmocka_unit_test(test_publishing_license_shape),
        cmocka_unit_test(test_certificate_shapes),
        cmocka_unit_test(test_template_and_revocation_shapes),
        cmocka_unit_test(test_non_ascii_text),
        cmocka_unit_test(test_chains),
        cmocka_unit_test(test_one_byte_changes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
