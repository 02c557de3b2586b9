/*
 * The license layer's builders (src/license/license_builders.h), one per
 * document type: each model is built and signed, parsed, verified with
 * its signer's key and read back into a model that holds exactly what was
 * built (spec/xrml.md §4 for the shapes); a model read back builds the
 * same text again; the unsigned form is the same document up to its
 * BODY; what a builder cannot write is refused. Machine activation
 * (src/client/machine_identity.c) stores what the machine-certificate
 * builder writes, byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "client/machine_identity.h"
#include "license/license_builders.h"
#include "license/license_model.h"
#include "store/license_store.h"
#include "xrml/xrml_document.h"
#include "license_compare.h"
#include "msdrmerror.h"
#include "xrml_builders.h"

#define CONTENT_ID "{1e1bc364-517e-4800-ab79-17b7bf68bc8c}"

typedef HRESULT (*builder_fn)(const struct license_model *, EVP_PKEY *, char **);

/* One document type: its model, its builder and what it reads back as. */
struct type {
    const char *what;
    builder_fn build;
    EVP_PKEY *signer;
    enum license_kind kind;
    const char *body_type;
    const char *body_version;
    const char *descriptor_type;
    struct xrml_test_model model;
};

enum { TYPES = 10 };

#define TYPE(what_, build_, signer_, kind_, body_type_, body_version_, descriptor_type_)           \
    {                                                                                              \
        .what = what_, .build = build_, .signer = signer_, .kind = kind_, .body_type = body_type_, \
        .body_version = body_version_, .descriptor_type = descriptor_type_                         \
    }

struct fixture {
    struct xrml_test_pki *pki;
    EVP_PKEY *authority_key;
    struct xrml_test_party authority, vendor;
    struct license_policy module;
    struct license_policy_list modules;
    struct type types[TYPES];
};

static bool manifest_model(struct fixture *f, struct xrml_test_model *m)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor = xrml_test_part(m, sizeof *descriptor);
    if (descriptor == NULL)
        return false;
    *descriptor = (struct license_object){.id_type = "MS-GUID",
                                          .id = "{AAAAAAAA-0000-0000-0000-000000000001}"};
    f->module = (struct license_policy){.id_type = "filename", .id = "app.exe"};
    f->modules = (struct license_policy_list){"inclusion", &f->module, 1};
    m->model = (struct license_model){.issued_time = f->pki->issued,
                                      .descriptor = descriptor,
                                      .issuer = &f->vendor.party,
                                      .policy_lists = &f->modules,
                                      .policy_list_count = 1};
    return true;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->pki = xrml_test_pki_new();
    f->authority_key = EVP_RSA_gen(1024);
    assert_non_null(f->pki);
    assert_non_null(f->authority_key);
    const struct xrml_test_pki *k = f->pki;
    xrml_test_party_init(&f->authority, "Revocation", "ascii-tag", "External revocation authority",
                         NULL, NULL, f->authority_key);
    xrml_test_party_init(&f->vendor, "Application", "MS-GUID",
                         "{11111111-2222-3333-4444-555555555555}", "Test vendor", NULL,
                         f->authority_key);
    struct type types[TYPES] = {
        TYPE("CA root", license_build_issuing_certificate, k->ca_key,
             LICENSE_KIND_ISSUING_CERTIFICATE, "LICENSE", "3.0", "DRM-CA-Certificate"),
        TYPE("SLC", license_build_issuing_certificate, k->ca_key, LICENSE_KIND_ISSUING_CERTIFICATE,
             "LICENSE", "3.0", "Server-Licensor-Certificate"),
        TYPE("machine certificate", license_build_machine_certificate, k->spc_issuer_key,
             LICENSE_KIND_MACHINE_CERTIFICATE, "LICENSE", "3.0", "Machine-Certificate"),
        TYPE("RAC", license_build_rights_account_certificate, k->slc_key,
             LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE, "LICENSE", "3.0",
             "Group-Identity-Credential"),
        TYPE("CLC", license_build_client_licensor_certificate, k->slc_key,
             LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE, "LICENSE", "3.0",
             "Client-Licensor-Certificate"),
        TYPE("publishing license", license_build_publishing_license, k->clc_key,
             LICENSE_KIND_PUBLISHING_LICENSE, "Microsoft Rights Label", "3.0", NULL),
        TYPE("end-user license", license_build_end_user_license, k->slc_key,
             LICENSE_KIND_END_USER_LICENSE, "LICENSE", "3.0", "Content-License"),
        TYPE("rights template", license_build_rights_template, k->slc_key,
             LICENSE_KIND_RIGHTS_TEMPLATE, "Microsoft Official Rights Template", NULL, NULL),
        TYPE("revocation list", license_build_revocation_list, f->authority_key,
             LICENSE_KIND_REVOCATION_LIST, "LICENSE", "3.0", "Revocation-List"),
        TYPE("application manifest", license_build_application_manifest, f->authority_key,
             LICENSE_KIND_OTHER, "Microsoft Rights Manifest", "3.0", "Application-Manifest"),
    };
    memcpy(f->types, types, sizeof types);
    bool made[TYPES] = {
        xrml_test_issuing_certificate_model(&f->types[0].model, "DRM-CA-Certificate",
                                            "{c0000000-0000-4000-8000-000000000001}", k->issued,
                                            k->before, k->until, &k->root.party, &k->ca.party),
        xrml_test_issuing_certificate_model(&f->types[1].model, "Server-Licensor-Certificate",
                                            "{c0000000-0000-4000-8000-000000000002}", k->issued,
                                            k->before, k->until, &k->ca.party, &k->slc.party),
        xrml_test_machine_certificate_model(&f->types[2].model, k),
        xrml_test_rights_account_certificate_model(&f->types[3].model, k),
        xrml_test_client_licensor_certificate_model(&f->types[4].model, k),
        xrml_test_publishing_license_model(&f->types[5].model, k, CONTENT_ID),
        xrml_test_end_user_license_model(&f->types[6].model, k, CONTENT_ID),
        xrml_test_rights_template_model(&f->types[7].model, k, "reader@openmsdrm.test", 7),
        xrml_test_revocation_list_model(&f->types[8].model, &f->authority.party, k->issued,
                                        "{c0ffee00-0000-4000-8000-000000000001}", CONTENT_ID,
                                        k->rac_key),
        manifest_model(f, &f->types[9].model),
    };
    for (size_t i = 0; i < TYPES; i++)
        assert_true(made[i]);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < TYPES; i++)
        xrml_test_model_free(&f->types[i].model);
    xrml_test_pki_free(f->pki);
    EVP_PKEY_free(f->authority_key);
    free(f);
    return 0;
}

static char *build(const struct type *t, const struct license_model *model, EVP_PKEY *signer)
{
    char *text = NULL;
    HRESULT hr = t->build(model, signer, &text);
    if (hr != S_OK || text == NULL)
        fail_msg("%s: not built (0x%08x)", t->what, (unsigned)hr);
    return text;
}

static struct xrml_document *parse(const struct type *t, const char *text)
{
    struct xrml_document *document = NULL;
    if (xrml_parse_utf8(text, strlen(text), &document) != S_OK)
        fail_msg("%s: what it built does not parse", t->what);
    return document;
}

static void read_model(const struct xrml_document *document, struct license_model *model)
{
    assert_int_equal(license_model_read(document, model), S_OK);
}

/* The document up to and including `</BODY>`: what a signature covers
 * and the root start tag before it. */
static size_t head_and_body(const char *text)
{
    const char *end = strstr(text, "</BODY>");
    assert_non_null(end);
    return (size_t)(end - text) + strlen("</BODY>");
}

/* Build, sign, parse, verify, read back: the same fields. */
static void test_every_builder_round_trips(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < TYPES; i++) {
        const struct type *t = &f->types[i];
        char *text = build(t, &t->model.model, t->signer);
        struct xrml_document *document = parse(t, text);
        if (xrml_verify(document, t->signer) != S_OK ||
            xrml_verify_with_issuer_key(document) != S_OK)
            fail_msg("%s does not verify", t->what);
        struct license_model read;
        read_model(document, &read);
        if (read.kind != t->kind)
            fail_msg("%s: read as kind %d", t->what, (int)read.kind);
        assert_string_equal(read.body_type, t->body_type);
        if (t->body_version != NULL)
            assert_string_equal(read.body_version, t->body_version);
        else
            assert_null(read.body_version);
        if (t->descriptor_type != NULL)
            assert_string_equal(read.descriptor->type, t->descriptor_type);
        else
            assert_null(read.descriptor->type);
        assert_true(read.has_signature);
        assert_license_models_equal(&t->model.model, &read);
        license_model_clear(&read);
        assert_null(read.storage);
        xrml_document_unref(document);
        free(text);
    }
}

/* One description both ways: a model read back builds the same bytes. */
static void test_read_back_builds_the_same(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < TYPES; i++) {
        const struct type *t = &f->types[i];
        char *text = build(t, &t->model.model, t->signer);
        struct xrml_document *document = parse(t, text);
        struct license_model read;
        read_model(document, &read);
        char *again = build(t, &read, t->signer);
        if (strcmp(again, text) != 0)
            fail_msg("%s: built again from what it reads, it differs", t->what);
        license_model_clear(&read);
        xrml_document_unref(document);
        free(again);
        free(text);
    }
}

/* Without a signer: the same document up to its BODY, and no SIGNATURE. */
static void test_unsigned_documents(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < TYPES; i++) {
        const struct type *t = &f->types[i];
        char *signed_text = build(t, &t->model.model, t->signer);
        char *text = build(t, &t->model.model, NULL);
        size_t length = head_and_body(text);
        assert_int_equal(length, head_and_body(signed_text));
        assert_memory_equal(text, signed_text, length);
        assert_string_equal(text + length, "</XrML>");
        struct xrml_document *document = parse(t, text);
        assert_int_equal(xrml_verify_with_issuer_key(document), E_DRM_INVALID_LICENSE_SIGNATURE);
        struct license_model read;
        read_model(document, &read);
        assert_false(read.has_signature);
        assert_license_models_equal(&t->model.model, &read);
        license_model_clear(&read);
        xrml_document_unref(document);
        free(text);
        free(signed_text);
    }
}

static void assert_refused(const struct type *t, const struct license_model *model)
{
    char *text = (char *)"untouched";
    HRESULT hr = t->build(model, t->signer, &text);
    if (hr != E_INVALIDARG)
        fail_msg("%s: 0x%08x, not E_INVALIDARG", t->what, (unsigned)hr);
    assert_null(text);
}

/* license_builders.h: no ISSUEDTIME, a required ID missing, a time that
 * cannot be written, a right without a name: refused, nothing made. */
static void test_what_builders_refuse(void **state)
{
    struct fixture *f = *state;
    for (size_t i = 0; i < TYPES; i++) {
        const struct type *t = &f->types[i];
        struct license_model model = t->model.model;
        model.issued_time = LICENSE_TIME_NONE;
        assert_refused(t, &model);
        model.issued_time = LICENSE_TIME_INVALID;
        assert_refused(t, &model);
        model.issued_time = 253402300800LL; /* the year 10000 */
        assert_refused(t, &model);
        /* Every type but the two whose DESCRIPTOR is optional needs its ID. */
        model = t->model.model;
        struct license_object descriptor = *model.descriptor;
        descriptor.id = NULL;
        model.descriptor = &descriptor;
        if (t->build != license_build_publishing_license &&
            t->build != license_build_rights_template)
            assert_refused(t, &model);
    }
    /* Licenses name their content. */
    const struct type *licenses[] = {&f->types[5], &f->types[6]};
    for (size_t i = 0; i < 2; i++) {
        struct license_model model = licenses[i]->model.model;
        struct license_work work = model.works[0];
        struct license_object content = *work.object;
        content.id = NULL;
        work.object = &content;
        model.works = &work;
        assert_refused(licenses[i], &model);
        model.work_count = 0;
        assert_refused(licenses[i], &model);
    }
    /* An issuing certificate is one of the two kinds. */
    struct license_model model = f->types[1].model.model;
    struct license_object descriptor = *model.descriptor;
    descriptor.type = "Content-License";
    model.descriptor = &descriptor;
    assert_refused(&f->types[1], &model);
    /* A right without a name, a RANGETIME that is not a time. */
    model = f->types[6].model.model;
    struct license_work work = model.works[0];
    struct license_rights_group group = work.groups[0];
    struct license_right rights[3];
    memcpy(rights, group.rights, sizeof rights);
    group.rights = rights;
    work.groups = &group;
    model.works = &work;
    rights[1].name = NULL;
    assert_refused(&f->types[6], &model);
    rights[1].name = "EDIT";
    rights[2].conditions.range_until = LICENSE_TIME_INVALID;
    assert_refused(&f->types[6], &model);
    /* A DIGEST or ENABLINGBITS value that is not base64 (§5, §7.1). */
    model = f->types[2].model.model;
    struct license_party machine = model.principals[0];
    machine.digest = "not base64";
    model.principals = &machine;
    assert_refused(&f->types[2], &model);
    model = f->types[3].model.model;
    struct license_party federation = model.federation_principals[0];
    federation.enabling_bits.value = "";
    model.federation_principals = &federation;
    assert_refused(&f->types[3], &model);
}

/*
 * Machine activation stores two machine certificates (spec/xrml.md
 * §4.2, self-signed, README "Machine activation"): each reads as what the
 * machine-certificate builder is given, field for field, and that
 * builder writes the stored text again, byte for byte up to the
 * signature (the private key stays in the lockbox).
 */
static void test_machine_activation_writes_the_builders_certificate(void **state)
{
    (void)state;
    struct license_store *store = NULL;
    bool already = false;
    assert_int_equal(store_shared(&store), S_OK);
    assert_int_equal(machine_identity_activate(store, false, &already), S_OK);
    int64_t *ids = NULL;
    size_t count = 0;
    struct store_filter filter = {STORE_KIND_MASK(STORE_MACHINE_CERTIFICATE), NULL, 0, NULL};
    assert_int_equal(store_list(store, &filter, &ids, &count), S_OK);
    assert_int_equal(count, 2);
    static const int bits[] = {1024, 2048};
    for (size_t i = 0; i < count; i++) {
        struct store_item item;
        assert_int_equal(store_get(store, ids[i], &item), S_OK);
        struct xrml_document *document = NULL;
        assert_int_equal(xrml_parse_utf8(item.xrml, strlen(item.xrml), &document), S_OK);
        assert_int_equal(xrml_verify_with_issuer_key(document), S_OK);
        struct license_model read;
        read_model(document, &read);
        assert_int_equal(read.kind, LICENSE_KIND_MACHINE_CERTIFICATE);
        assert_non_null(read.principals);
        EVP_PKEY *key = read.principals[0].key;
        assert_non_null(key);
        assert_int_equal(EVP_PKEY_get_bits(key), bits[i]);
        /* What machine_identity.c means to write, spelled out. */
        const char *guid = item.license_id;
        struct license_object descriptor = {.type = "Machine-Certificate",
                                            .id_type = "MS-GUID",
                                            .id = guid,
                                            .name = "Microsoft Machine-Certificate"};
        struct license_object issuer_object = {.type = "MS-DRM-Desktop-Security-Processor",
                                               .id_type = "MS-GUID",
                                               .id = guid,
                                               .name = "openmsdrm Desktop Security Processor"};
        struct license_object machine_object = {.type = "Machine-Unique-Identifier",
                                                .id_type = "MS-GUID",
                                                .id = guid,
                                                .name = "Machine"};
        struct license_pair platform = {"Platform", "openmsdrm-" MSDRM_VERSION_STRING};
        struct license_party issuer = {.object = &issuer_object, .key = key};
        struct license_party machine = {
            .object = &machine_object, .key = key, .levels = &platform, .level_count = 1};
        struct license_model expected = {.issued_time = read.issued_time,
                                         .descriptor = &descriptor,
                                         .issuer = &issuer,
                                         .principals = &machine,
                                         .principal_count = 1};
        assert_true(read.issued_time > 0 && read.issued_time % 60 == 0);
        assert_license_models_equal(&expected, &read);
        char *text = NULL;
        assert_int_equal(license_build_machine_certificate(&expected, NULL, &text), S_OK);
        size_t length = head_and_body(text);
        assert_int_equal(length, head_and_body(item.xrml));
        assert_memory_equal(text, item.xrml, length);
        free(text);
        license_model_clear(&read);
        xrml_document_unref(document);
        store_item_clear(&item);
    }
    free(ids);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_builder_round_trips),
        cmocka_unit_test(test_read_back_builds_the_same),
        cmocka_unit_test(test_unsigned_documents),
        cmocka_unit_test(test_what_builders_refuse),
        cmocka_unit_test(test_machine_activation_writes_the_builders_certificate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
