/*
 * The license model (src/license/license_model.h): every published
 * example (tests/data/xrml-examples) read into it, its fields checked
 * against what the examples' README and spec/xrml.md §4 say they hold; a
 * document's kind decided by its signed content alone; values that are
 * not what they should be read leniently and flagged; the rule for when
 * a license's rights end. The published documents built again from what
 * the model reads are the same bytes, so the builders write as real
 * clients and servers do.
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

#include "license/license_builders.h"
#include "license/license_model.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"
#include "spec_examples.h"
#include "xrml_builders.h"

/* An example and the model read from it (free with example_free). */
struct example {
    struct xrml_document *document;
    struct license_model model;
};

static struct example example_read(const char *name)
{
    size_t length = 0;
    char *text = example_text(name, &length);
    struct example e = {0};
    if (xrml_parse_utf8(text, length, &e.document) != S_OK)
        fail_msg("%s does not parse", name);
    free(text);
    assert_int_equal(license_model_read(e.document, &e.model), S_OK);
    return e;
}

static void example_free(struct example *e)
{
    license_model_clear(&e->model);
    xrml_document_unref(e->document);
}

static struct license_model read_text(const char *text, struct xrml_document **document)
{
    assert_int_equal(xrml_parse_utf8(text, strlen(text), document), S_OK);
    struct license_model model;
    assert_int_equal(license_model_read(*document, &model), S_OK);
    return model;
}

static void assert_object(const struct license_object *object, const char *type,
                          const char *id_type, const char *id, const char *name)
{
    assert_non_null(object);
    if (type != NULL)
        assert_string_equal(object->type, type);
    else
        assert_null(object->type);
    if (id_type != NULL)
        assert_string_equal(object->id_type, id_type);
    else
        assert_null(object->id_type);
    if (id != NULL)
        assert_string_equal(object->id, id);
    else
        assert_null(object->id);
    if (name != NULL)
        assert_string_equal(object->name, name);
    else
        assert_null(object->name);
}

static void assert_level(const struct license_party *party, size_t index, const char *name,
                         const char *value)
{
    assert_true(index < party->level_count);
    assert_string_equal(party->levels[index].name, name);
    assert_string_equal(party->levels[index].value, value);
}

static void assert_key(const struct license_party *party, int bits)
{
    assert_true(party->has_public_key);
    assert_non_null(party->key);
    assert_int_equal(EVP_PKEY_get_bits(party->key), bits);
}

/* Bytes a base64 value decodes to. */
static size_t decoded_bytes(const char *base64)
{
    assert_non_null(base64);
    size_t length = strlen(base64);
    return length / 4 * 3 - (base64[length - 1] == '=') - (base64[length - 2] == '=');
}

static const struct license_right *right_of(const struct license_model *model, size_t index)
{
    assert_true(model->work_count > 0 && model->works[0].group_count > 0);
    assert_true(index < model->works[0].groups[0].right_count);
    return &model->works[0].groups[0].rights[index];
}

/* --- the published examples ------------------------------------------------------------ */

/* [MS-RMPR] §4.5.1 and the SDK's machine certificate (§4.2). */
static void test_machine_certificates(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.1-security-processor-certificate.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_MACHINE_CERTIFICATE);
    assert_string_equal(m->body_type, "LICENSE");
    assert_string_equal(m->body_version, "3.0");
    assert_true(m->has_signature);
    assert_int_equal(m->issued_time, xrml_time("2010-06-11T20:46"));
    assert_int_equal(m->valid_from, LICENSE_TIME_NONE);
    assert_int_equal(m->valid_until, LICENSE_TIME_NONE);
    assert_object(m->descriptor, "Machine-Certificate", "MS-GUID",
                  "{92992236-A920-4152-ABAC-1C83467C5A57}", "Microsoft Machine-Certificate");
    assert_string_equal(license_id(m), "{92992236-A920-4152-ABAC-1C83467C5A57}");
    assert_object(m->issuer->object, "MS-DRM-Desktop-Security-Processor", "MS-GUID",
                  "{5b44ed92-3894-43eb-8395-2a13ae8df223}",
                  "Microsoft DRM Production Desktop Security Processor Activation Certificate");
    assert_key(m->issuer, 1024);
    assert_int_equal(m->distribution_point_count, 1);
    assert_object(m->distribution_points[0].object, "Activation", "MS-GUID",
                  "{99F48562-703E-4E7D-9175-DD69C66921B7}", "Microsoft Activation");
    assert_int_equal(m->distribution_points[0].object->address_count, 1);
    assert_string_equal(m->distribution_points[0].object->addresses[0].type, "URL");
    assert_string_equal(m->distribution_points[0].object->addresses[0].value,
                        "file:///rmactivate.exe");
    assert_int_equal(m->principal_count, 1);
    const struct license_party *machine = &m->principals[0];
    assert_null(machine->internal_id); /* §4.2: none */
    assert_object(machine->object, "Machine-Unique-Identifier", "MS-GUID",
                  "{62c84d7e-880f-404a-80d4-5628249b4073}", "Machine");
    assert_key(machine, 1024);
    assert_int_equal(decoded_bytes(machine->digest), 64); /* §4.2: 64 bytes, size="160" */
    assert_int_equal(machine->level_count, 3);
    assert_level(machine, 0, "Platform", "2.6.1.7600");
    assert_level(machine, 2, "Repository",
                 "Microsoft Corporation Windows RMS Client v3.0 secure repository 6.1.7600.16385");
    assert_int_equal(m->work_count, 0);
    assert_null(license_content_id(m));
    example_free(&e);

    e = example_read("sdk-machine-certificate.cleaned.xml");
    assert_int_equal(e.model.kind, LICENSE_KIND_MACHINE_CERTIFICATE);
    assert_string_equal(e.model.issuer->object->name,
                        "Microsoft DRM ISV Desktop Security Processor Activation Certificate");
    assert_string_equal(e.model.principals[0].object->id, "{8a0acfdb-b60f-49bd-a781-f6b41e876219}");
    assert_level(&e.model.principals[0], 0, "Platform", "2.6.0.6000");
    assert_int_equal(decoded_bytes(e.model.principals[0].digest), 20);
    example_free(&e);
}

/* [MS-RMPR] §4.5.2 and the SDK's RAC (§4.3). */
static void test_rights_account_certificates(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.2-rms-account-certificate.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE);
    assert_int_equal(m->valid_from, xrml_time("2010-06-10T20:50"));
    assert_int_equal(m->valid_until, xrml_time("2011-06-11T20:50"));
    assert_string_equal(license_id(m), "{78647281-7120-4768-b635-087aadd4dfb6}");
    assert_object(m->issuer->object, "MS-DRM-Server", "MS-GUID",
                  "{96c4ca87-b3ff-4ded-9c15-53272e26396f}", "CONTOSO-RMS");
    assert_string_equal(m->issuer->object->addresses[0].value, "HTTP://rms:80/_wmcs");
    assert_level(m->issuer, 0, "Server-Version", "6.0.0.0");
    assert_level(m->issuer, 1, "Server-SKU", "RMS 2.0");
    assert_int_equal(m->principal_count, 1);
    assert_string_equal(m->principals[0].internal_id, "1");
    assert_object(m->principals[0].object, "Group-Identity", "Windows",
                  "S-1-5-21-3270430776-546919264-923996561-1118", "owner@contoso.com");
    assert_level(&m->principals[0], 0, "Group-Identity-Credential-Type", "Persistent");
    assert_int_equal(m->federation_principal_count, 1);
    const struct license_party *machine = &m->federation_principals[0];
    assert_string_equal(machine->object->id, "{62c84d7e-880f-404a-80d4-5628249b4073}");
    assert_false(machine->has_public_key);
    assert_string_equal(machine->enabling_bits.type, "sealed-key");
    assert_int_equal(decoded_bytes(machine->enabling_bits.value), 768);
    assert_int_equal(machine->level_count, 3);
    example_free(&e);

    e = example_read("sdk-rights-account-certificate.cleaned.xml");
    assert_int_equal(e.model.kind, LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE);
    assert_string_equal(e.model.principals[0].object->name, "someone@example.com");
    assert_string_equal(e.model.federation_principals[0].object->id,
                        "{8a0acfdb-b60f-49bd-a781-f6b41e876219}");
    example_free(&e);
}

/* [MS-RMPR] §4.5.3 and the SDK's offline CLC (§4.4). */
static void test_client_licensor_certificates(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.3-client-licensor-certificate.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE);
    assert_int_equal(m->distribution_point_count, 2);
    assert_string_equal(m->distribution_points[0].object->type, "License-Acquisition-URL");
    assert_string_equal(m->distribution_points[1].object->type, "Extranet-License-Acquisition-URL");
    assert_string_equal(m->distribution_points[1].object->addresses[0].value,
                        "http://rms.contoso.com/_wmcs/licensing");
    assert_string_equal(m->principals[0].object->name, "owner@contoso.com");
    assert_key(&m->principals[0], 1024);
    /* The ISSUE right over the RAC's validity, the CLC key sealed to the RAC. */
    assert_int_equal(m->work_count, 1);
    assert_object(m->works[0].object, "Client-Licensor-Certificate", "MS-GUID",
                  "{1c4a57b8-94cd-4174-b555-881d705ee5b5}", NULL);
    assert_string_equal(m->works[0].groups[0].name, "Main-Rights");
    const struct license_right *issue = right_of(m, 0);
    assert_string_equal(issue->name, "ISSUE");
    assert_int_equal(issue->conditions.range_from, xrml_time("2010-06-10T20:50"));
    assert_int_equal(issue->conditions.range_until, xrml_time("2011-06-11T20:50"));
    assert_int_equal(issue->conditions.access_count, 1);
    const struct license_party *principal = &issue->conditions.access[0].principals[0];
    assert_string_equal(principal->internal_id, "1");
    assert_null(principal->object);
    assert_int_equal(decoded_bytes(principal->enabling_bits.value), 768);
    example_free(&e);

    e = example_read("sdk-offline-client-licensor-certificate.cleaned.xml");
    assert_int_equal(e.model.kind, LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE);
    assert_string_equal(e.model.principals[0].object->name, "someone@example.com");
    assert_int_equal(right_of(&e.model, 0)->conditions.range_until, xrml_time("2009-03-17T16:04"));
    example_free(&e);
}

/* [MS-RMPR] §4.5.4, the SDK's offline and online ILs, the WPF PL (§4.5). */
static void test_publishing_licenses(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.4-publishing-license.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_PUBLISHING_LICENSE);
    assert_string_equal(m->body_type, "Microsoft Rights Label");
    assert_null(m->descriptor); /* optional in a PL */
    assert_null(license_id(m));
    assert_object(m->issuer->object, "Group-Identity", "Windows",
                  "S-1-5-21-3270430776-546919264-923996561-1118", "owner@contoso.com");
    assert_level(m->issuer, 0, "SDK", "6.1.7600.16385");
    assert_int_equal(m->distribution_point_count, 3);
    assert_string_equal(m->distribution_points[2].object->type, "Referral-Info");
    assert_string_equal(m->distribution_points[2].object->addresses[0].value,
                        "mailto:owner@contoso.com");
    assert_string_equal(m->principals[0].object->name, "CONTOSO-RMS");
    assert_int_equal(decoded_bytes(m->principals[0].enabling_bits.value), 192);
    assert_string_equal(license_content_id(m), "{09D39708-DF09-4554-BD2B-D6421346DD30}");
    const struct license_party *owner = license_owner(m);
    assert_object(owner->object, NULL, "Windows", NULL, "owner@contoso.com");
    assert_int_equal(m->works[0].group_count, 0);
    assert_int_equal(m->data_count, 1);
    assert_string_equal(m->data[0].id, "Encrypted-Rights-Data");
    assert_int_equal(decoded_bytes(m->data[0].value), 6944);
    example_free(&e);

    e = example_read("sdk-offline-signed-issuance-license.cleaned.xml");
    m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_PUBLISHING_LICENSE);
    assert_int_equal(m->valid_from, xrml_time("2008-04-02T17:23"));
    assert_int_equal(m->valid_until, xrml_time("2009-04-02T17:23"));
    assert_level(m->issuer, 0, "SDK", "6.0.6000.16386");
    assert_string_equal(m->principals[0].object->name, "SREVER2008"); /* sic */
    assert_string_equal(m->works[0].sku, "SKUId");
    assert_int_equal(m->policy_list_count, 1);
    assert_string_equal(m->policy_lists[0].type, "exclusion");
    assert_string_equal(m->policy_lists[0].policies[0].id, "ApplicationName");
    assert_string_equal(m->policy_lists[0].policies[0].max_version, "3.0.0.0");
    example_free(&e);

    e = example_read("sdk-online-signed-issuance-license.cleaned.xml");
    assert_int_equal(e.model.kind, LICENSE_KIND_PUBLISHING_LICENSE);
    assert_string_equal(e.model.issuer->object->type, "MS-DRM-Server");
    assert_int_equal(decoded_bytes(e.model.data[0].value), 1296);
    example_free(&e);

    static const char *const truffles[] = {"wpf-truffle-publishing-license.xml",
                                           "wpf-truffle-publishing-license.indented.xml"};
    for (size_t i = 0; i < 2; i++) {
        e = example_read(truffles[i]);
        m = &e.model;
        assert_int_equal(m->kind, LICENSE_KIND_PUBLISHING_LICENSE);
        assert_int_equal(m->issued_time, xrml_time("2006-04-19T03:14"));
        assert_level(m->issuer, 0, "SDK", "5.2.3790.134");
        assert_level(&m->principals[0], 1, "Server-SKU", "RMS 1.0");
        assert_string_equal(license_content_id(m), "{9257669d-2753-4f8f-94c6-028987c0434b}");
        assert_string_equal(license_owner(m)->object->name, "jack.davis@microsoft.com");
        example_free(&e);
    }
}

/* [MS-RMPR] §4.5.5: the ERD, with `<RIGHT name = "OBJMODEL">` (§4.6). */
static void test_rights_data(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.5-encrypted-rights-data.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_RIGHTS_DATA);
    assert_false(m->has_signature);
    static const char *const names[] = {"VIEW", "PRINT", "OBJMODEL", "OWNER",
                                        "SIGN", "EDIT",  "EXPORT",   "EXTRACT"};
    assert_int_equal(m->works[0].groups[0].right_count, 17);
    for (size_t i = 0; i < 16; i++) {
        const struct license_right *right = right_of(m, i);
        assert_string_equal(right->name, names[i % 8]);
        const struct license_party *who = &right->conditions.access[0].principals[0];
        assert_object(who->object, NULL, i < 8 ? "Windows" : "Unspecified", NULL,
                      "owner@contoso.com");
        assert_int_equal(right->conditions.range_until, LICENSE_TIME_NONE);
    }
    const struct license_right *view = right_of(m, 16);
    assert_string_equal(view->name, "VIEW");
    assert_string_equal(view->conditions.access[0].principals[0].object->name, "user@contoso.com");
    assert_int_equal(view->conditions.range_from, xrml_time("2010-06-11T21:41"));
    assert_int_equal(view->conditions.range_until, xrml_time("2010-07-12T06:59"));
    example_free(&e);
}

/* [MS-RMPR] §4.5.6, the SDK's EUL and owner license (§4.7). */
static void test_end_user_licenses(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.6-use-license.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_END_USER_LICENSE);
    assert_string_equal(license_id(m), "{c542ff5d-c2ca-4eda-beec-a142f834d271}");
    assert_string_equal(license_content_id(m), "{09D39708-DF09-4554-BD2B-D6421346DD30}");
    assert_object(m->principals[0].object, "Group-Identity", "Windows",
                  "S-1-5-21-3270430776-546919264-923996561-1119", "user@contoso.com");
    assert_int_equal(m->distribution_point_count, 1);
    assert_string_equal(m->distribution_points[0].object->type, "Referral-Info");
    assert_int_equal(m->works[0].groups[0].right_count, 1);
    const struct license_right *view = right_of(m, 0);
    assert_string_equal(view->name, "VIEW");
    assert_int_equal(decoded_bytes(view->conditions.access[0].principals[0].enabling_bits.value),
                     192);
    assert_int_equal(view->conditions.range_until, xrml_time("2010-07-12T06:59"));
    int64_t end = 0;
    assert_int_equal(license_rights_end(m, &end), S_OK);
    assert_int_equal(end, xrml_time("2010-07-12T06:59"));
    example_free(&e);

    e = example_read("sdk-end-user-license.cleaned.xml");
    m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_END_USER_LICENSE);
    assert_object(m->works[0].object, "ContentType", "MS-GUID",
                  "{1E1BC364-517E-4800-AB79-17B7BF68BC8C}", "ContentName");
    assert_string_equal(m->works[0].sku_type, "SKUIdType");
    const struct license_right *edit = right_of(m, 0);
    assert_string_equal(edit->name, "EDIT");
    assert_int_equal(edit->conditions.range_from, xrml_time("2008-04-15T15:44"));
    assert_true(edit->conditions.interval.present);
    assert_int_equal(edit->conditions.interval.days, 30);
    assert_string_equal(m->policy_lists[0].policies[0].min_version, "1.0.0.0");
    assert_string_equal(m->data[0].id, "APPSPECIFIC");
    assert_string_equal(m->data[0].name, "SomeName");
    assert_string_equal(m->data[0].value, "SomeValue");
    example_free(&e);

    /* The owner license: OWNER only, its ACCESS outside any CONDITIONLIST
     * as published; a BODY-level revocation point, "Irrevocable". */
    e = example_read("sdk-owner-license.cleaned.xml");
    m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_END_USER_LICENSE);
    assert_string_equal(m->issuer->object->type, "Group-Identity");
    assert_string_equal(right_of(m, 0)->name, "OWNER");
    assert_int_equal(right_of(m, 0)->conditions.access_count, 0);
    assert_int_equal(m->conditions.revocation_count, 1);
    const struct license_revocation *revocation = &m->conditions.revocations[0];
    assert_object(revocation->distribution_points[0].object, "Revocation", "ascii-tag",
                  "Irrevocable", NULL);
    assert_true(revocation->refresh.present);
    assert_int_equal(revocation->refresh.days, 0);
    assert_false(revocation->refresh.malformed);
    example_free(&e);
}

/* [MS-RMPR] §4.5.7 and the SDK's template, cleaned and as published (§4.8). */
static void test_rights_templates(void **state)
{
    (void)state;
    struct example e = example_read("rmpr-4.5.7-rights-policy-template.xml");
    const struct license_model *m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_RIGHTS_TEMPLATE);
    assert_null(m->body_version);
    assert_object(m->descriptor, NULL, "MS-GUID", "{4b1010c0-92b8-4169-8493-b5137c6fe168}",
                  " LCID 1033:NAME CONTOSO Template:DESCRIPTION Template for CONTOSO;");
    assert_string_equal(m->distribution_points[0].object->type, "Publishing-URL");
    assert_object(m->works[0].object, NULL, "", NULL, NULL);
    static const char *const names[] = {"OWNER",          "VIEW",  "EXTRACT", "OBJMODEL",
                                        "VIEWRIGHTSDATA", "PRINT", "EDIT"};
    assert_int_equal(m->works[0].groups[0].right_count, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(right_of(m, i)->name, names[i]);
        assert_object(right_of(m, i)->conditions.access[0].principals[0].object, NULL, "Internal",
                      i == 0 ? "Owner" : "ANYONE", NULL);
    }
    example_free(&e);

    e = example_read("sdk-sample-template.cleaned.xml");
    m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_RIGHTS_TEMPLATE);
    assert_int_equal(m->distribution_point_count, 2);
    assert_string_equal(m->distribution_points[1].object->addresses[0].value,
                        "johndoe@contoso.com");
    assert_int_equal(m->works[0].preconditions.range_from, xrml_time("2007-07-12T20:41"));
    assert_int_equal(m->works[0].preconditions.range_until, xrml_time("2008-05-16T00:00"));
    assert_int_equal(m->works[0].conditions.revocation_count, 1);
    const struct license_revocation *revocation = &m->works[0].conditions.revocations[0];
    assert_object(revocation->distribution_points[0].object, "Revocation", "ascii-tag",
                  "External revocation authority", "Revocation Point");
    assert_int_equal(revocation->refresh.days, 10);
    assert_string_equal(right_of(m, 3)->name, "REPLYALL");
    assert_int_equal(m->data_count, 3);
    assert_string_equal(m->data[2].name, "AppVersion");
    assert_string_equal(m->data[2].value, "1.0.0.1");
    example_free(&e);

    /* As published: pretty-printed, values wrapped over lines. What is
     * text keeps its whitespace; the wrapped modulus is no key. */
    e = example_read("sdk-sample-template.xml");
    m = &e.model;
    assert_int_equal(m->kind, LICENSE_KIND_RIGHTS_TEMPLATE);
    assert_non_null(strstr(m->descriptor->id, "{78862306-1fb3-4251-b83d-143db199f5d5}"));
    assert_true(m->issuer->has_public_key);
    assert_null(m->issuer->key);
    assert_int_equal(m->works[0].groups[0].right_count, 4);
    assert_int_equal(m->data_count, 3);
    example_free(&e);
}

/* Every example reads, and what it reads builds without complaint. */
static void test_every_example_reads(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_document_count; i++) {
        struct example e = example_read(example_documents[i]);
        if (e.model.kind == LICENSE_KIND_OTHER)
            fail_msg("%s: of no kind", example_documents[i]);
        example_free(&e);
    }
}

/* --- the builders write as real clients and servers do -----------------------------------------
 */

/* The signed examples whose BODY is the original's (README: digest ✔),
 * but [MS-RMPR] §4.5.1, whose 64-byte HID digest says size="160"
 * (spec/xrml.md §12): we write the size of what is there. */
static void test_published_documents_rebuild(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        HRESULT (*build)(const struct license_model *, EVP_PKEY *, char **);
    } published[] = {
        {"sdk-machine-certificate.cleaned.xml", license_build_machine_certificate},
        {"rmpr-4.5.2-rms-account-certificate.xml", license_build_rights_account_certificate},
        {"rmpr-4.5.3-client-licensor-certificate.xml", license_build_client_licensor_certificate},
        {"rmpr-4.5.4-publishing-license.xml", license_build_publishing_license},
        {"rmpr-4.5.6-use-license.xml", license_build_end_user_license},
        {"wpf-truffle-publishing-license.xml", license_build_publishing_license},
    };
    for (size_t i = 0; i < sizeof published / sizeof published[0]; i++) {
        struct example e = example_read(published[i].name);
        char *text = NULL;
        assert_int_equal(published[i].build(&e.model, NULL, &text), S_OK);
        /* The root start tag and the BODY, to its last byte. */
        size_t length = e.document->body_start + e.document->body_length;
        size_t at = 0;
        while (at < length && text[at] == e.document->text[at])
            at++;
        if (strlen(text) != length + strlen("</XrML>") || at < length)
            fail_msg("%s: built again, it is not the published text from \"%.40s\" on",
                     published[i].name, text + (at > 20 ? at - 20 : 0));
        free(text);
        example_free(&e);
    }
}

/* What `build` makes of `model`, read and built again, is the same text:
 * writing and reading agree on everything the builder writes. Returns
 * the builder's result. */
static HRESULT assert_builds_stably(license_builder build, const struct license_model *model,
                                    const char *what)
{
    char *text = NULL;
    HRESULT hr = build(model, NULL, &text);
    if (hr == E_INVALIDARG)
        return hr;
    if (hr != S_OK)
        fail_msg("%s: 0x%08x", what, (unsigned)hr);
    struct xrml_document *document = NULL;
    struct license_model again = read_text(text, &document);
    char *second = NULL;
    assert_int_equal(build(&again, NULL, &second), S_OK);
    if (strcmp(text, second) != 0)
        fail_msg("%s: built, read and built again, it differs", what);
    free(second);
    license_model_clear(&again);
    xrml_document_unref(document);
    free(text);
    return hr;
}

/* Any model a document reads builds with any builder, or is refused for
 * a missing ID: never a crash, never text that does not read back. */
static void test_every_example_builds_with_every_builder(void **state)
{
    (void)state;
    for (size_t i = 0; i < example_document_count; i++) {
        struct example e = example_read(example_documents[i]);
        size_t built = 0;
        for (size_t b = 0; b < license_builder_count; b++)
            built += assert_builds_stably(license_builders[b], &e.model, example_documents[i]) == S_OK;
        if (built == 0)
            fail_msg("%s: no builder takes it", example_documents[i]);
        example_free(&e);
    }
}

/* Text and attribute values come back as they were read: escaped markup,
 * line ends and tabs (character references in the source) included. */
static void test_values_read_back_as_they_are(void **state)
{
    (void)state;
    struct xrml_document *document = NULL;
    struct license_model m = read_text(
        "<XrML><BODY type=\"LICENSE\"><ISSUEDTIME>2010-06-11T21:44</ISSUEDTIME><DESCRIPTOR>"
        "<OBJECT type=\"Content-License\"><ID type=\"MS-GUID\">{1}</ID><NAME>two&#13;\nlines"
        "</NAME></OBJECT></DESCRIPTOR><ISSUER><OBJECT type=\"a &amp; &lt;b&gt; &quot;c&quot;\">"
        "<ID type='x'>&lt;&amp;&gt;\"'</ID><ADDRESS /></OBJECT><SECURITYLEVEL value=\"t&#9;n&#10;"
        "r&#13;\" /></ISSUER><WORK><OBJECT><ID type=\"MS-GUID\">{C}</ID></OBJECT></WORK></BODY>"
        "</XrML>",
        &document);
    assert_string_equal(m.descriptor->name, "two\r\nlines");
    assert_string_equal(m.issuer->object->type, "a & <b> \"c\"");
    assert_string_equal(m.issuer->object->id, "<&>\"'");
    assert_int_equal(m.issuer->object->address_count, 1);
    assert_null(m.issuer->object->addresses[0].type);
    assert_null(m.issuer->object->addresses[0].value);
    assert_null(m.issuer->levels[0].name);
    assert_string_equal(m.issuer->levels[0].value, "t\tn\nr\r");
    assert_int_equal(assert_builds_stably(license_build_end_user_license, &m, "escapes"), S_OK);
    char *text = NULL;
    assert_int_equal(license_build_end_user_license(&m, NULL, &text), S_OK);
    struct xrml_document *again_document = NULL;
    struct license_model again = read_text(text, &again_document);
    assert_string_equal(again.descriptor->name, m.descriptor->name);
    assert_string_equal(again.issuer->object->type, m.issuer->object->type);
    assert_string_equal(again.issuer->object->id, m.issuer->object->id);
    assert_string_equal(again.issuer->levels[0].value, m.issuer->levels[0].value);
    license_model_clear(&again);
    xrml_document_unref(again_document);
    free(text);
    license_model_clear(&m);
    xrml_document_unref(document);
}

/* --- what the model reads -------------------------------------------------------------------- */

/* Finding 1 of issue 9: the root start tag is outside the signature, so a
 * kind is read from the BODY alone. */
static void test_kind_from_signed_content_only(void **state)
{
    (void)state;
    struct xrml_document *document = NULL;
    struct license_model m = read_text(
        "<XrML version=\"1.2\" purpose=\"Content-License\"><BODY type=\"LICENSE\"><DESCRIPTOR>"
        "<OBJECT type=\"Client-Licensor-Certificate\"><ID type=\"MS-GUID\">{1}</ID></OBJECT>"
        "</DESCRIPTOR></BODY></XrML>",
        &document);
    assert_int_equal(m.kind, LICENSE_KIND_CLIENT_LICENSOR_CERTIFICATE);
    license_model_clear(&m);
    xrml_document_unref(document);
    m = read_text("<XrML purpose=\"Content-License\"><BODY type=\"LICENSE\" /></XrML>", &document);
    assert_int_equal(m.kind, LICENSE_KIND_OTHER);
    license_model_clear(&m);
    xrml_document_unref(document);
    m = read_text("<XrML><BODY type=\"LICENSE\"><DESCRIPTOR><OBJECT type=\"Content-License\" />"
                  "</DESCRIPTOR></BODY></XrML>",
                  &document);
    assert_int_equal(m.kind, LICENSE_KIND_END_USER_LICENSE);
    license_model_clear(&m);
    xrml_document_unref(document);
    /* The kinds by BODY@type and DESCRIPTOR/OBJECT@type (§1.1, §3.1). */
    assert_int_equal(license_kind_of("LICENSE", "Server-Licensor-Certificate", false),
                     LICENSE_KIND_ISSUING_CERTIFICATE);
    assert_int_equal(license_kind_of("LICENSE", "DRM-CA-Certificate", false),
                     LICENSE_KIND_ISSUING_CERTIFICATE);
    assert_int_equal(license_kind_of("LICENSE", "Group-Identity-Credential", false),
                     LICENSE_KIND_RIGHTS_ACCOUNT_CERTIFICATE);
    assert_int_equal(license_kind_of("Microsoft Rights Label", "Content-License", false),
                     LICENSE_KIND_PUBLISHING_LICENSE);
    assert_int_equal(license_kind_of("LICENSE", "content-license", false), LICENSE_KIND_OTHER);
    assert_int_equal(license_kind_of(NULL, "Content-License", false), LICENSE_KIND_OTHER);
    assert_int_equal(license_kind_of("LICENSE", "Content-License", true),
                     LICENSE_KIND_REVOCATION_LIST);
}

/* license_model.h: values that are not what they should be are read
 * leniently and flagged; text is the whole text; attributes keep "". */
static void test_lenient_values(void **state)
{
    (void)state;
    struct xrml_document *document = NULL;
    struct license_model m = read_text(
        "<XrML><BODY type=\"LICENSE\"><ISSUEDTIME>yesterday</ISSUEDTIME><VALIDITYTIME><FROM>"
        "</FROM><UNTIL>2010-06-11T21:44:30</UNTIL></VALIDITYTIME><DESCRIPTOR><OBJECT "
        "type=\"\"><ID type=\"MS-GUID\">{&#65;BC}</ID><NAME></NAME></OBJECT></DESCRIPTOR>"
        "<ISSUER><OBJECT><ID type=\"x\" /></OBJECT><PUBLICKEY><ALGORITHM>RSA</ALGORITHM>"
        "</PUBLICKEY></ISSUER><WORK><OBJECT><ID type=\"MS-GUID\">{C}</ID></OBJECT>"
        "<RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST><VIEW><CONDITIONLIST><TIME>"
        "<INTERVALTIME days=\"x\" hours=\"2\" /></TIME><TIME><RANGETIME><UNTIL>2011-13-01T00:00"
        "</UNTIL></RANGETIME></TIME></CONDITIONLIST></VIEW></RIGHTSLIST></RIGHTSGROUP></WORK>"
        "</BODY></XrML>",
        &document);
    assert_int_equal(m.issued_time, LICENSE_TIME_INVALID);
    assert_int_equal(m.valid_from, LICENSE_TIME_INVALID); /* present, empty */
    assert_int_equal(m.valid_until, xrml_time("2010-06-11T21:44") + 30);
    assert_string_equal(m.descriptor->type, "");
    assert_string_equal(m.descriptor->id, "{ABC}"); /* a character reference, read */
    assert_null(m.descriptor->name);
    assert_null(m.issuer->object->id);
    assert_true(m.issuer->has_public_key);
    assert_null(m.issuer->key);
    const struct license_right *view = right_of(&m, 0);
    assert_true(view->conditions.interval.present);
    assert_true(view->conditions.interval.malformed);
    assert_int_equal(view->conditions.interval.hours, 2);
    assert_int_equal(view->conditions.range_from, LICENSE_TIME_NONE);
    assert_int_equal(view->conditions.range_until, LICENSE_TIME_INVALID);
    int64_t end = 0;
    assert_int_equal(license_rights_end(&m, &end), E_DRM_INVALID_LICENSE);
    license_model_clear(&m);
    assert_null(m.storage);
    assert_null(m.descriptor);
    license_model_clear(&m); /* twice is fine */
    xrml_document_unref(document);
}

static int64_t end_of(const char *validity_until, const char *const *right_untils, size_t rights)
{
    char text[4096] = "<XrML><BODY type=\"LICENSE\">";
    if (validity_until != NULL)
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "<VALIDITYTIME><UNTIL>%s</UNTIL></VALIDITYTIME>", validity_until);
    strcat(text, "<WORK><RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST>");
    for (size_t i = 0; i < rights; i++) {
        strcat(text, "<VIEW><CONDITIONLIST>");
        if (right_untils[i] != NULL)
            snprintf(text + strlen(text), sizeof text - strlen(text),
                     "<TIME><RANGETIME><FROM>2000-01-01T00:00</FROM><UNTIL>%s</UNTIL>"
                     "</RANGETIME></TIME>",
                     right_untils[i]);
        strcat(text, "</CONDITIONLIST></VIEW>");
    }
    strcat(text, "</RIGHTSLIST></RIGHTSGROUP></WORK></BODY></XrML>");
    struct xrml_document *document = NULL;
    struct license_model m = read_text(text, &document);
    int64_t end = 0;
    HRESULT hr = license_rights_end(&m, &end);
    license_model_clear(&m);
    xrml_document_unref(document);
    return SUCCEEDED(hr) ? end : -1;
}

/* The expiry rule (storage_session.c, license_model.h). */
static void test_rights_end(void **state)
{
    (void)state;
    const char *const a[] = {"2021-01-01T00:00", "2022-01-01T00:00"};
    const char *const open[] = {"2021-01-01T00:00", NULL};
    const char *const bad_after_open[] = {NULL, "never"};
    const char *const bad[] = {"2021-01-01T00:00", "never"};
    assert_int_equal(end_of(NULL, NULL, 0), LICENSE_TIME_NONE);
    assert_int_equal(end_of("2030-01-01T00:00", NULL, 0), xrml_time("2030-01-01T00:00"));
    /* Every right ends: at the latest of them, unless VALIDITYTIME is earlier. */
    assert_int_equal(end_of(NULL, a, 2), xrml_time("2022-01-01T00:00"));
    assert_int_equal(end_of("2030-01-01T00:00", a, 2), xrml_time("2022-01-01T00:00"));
    assert_int_equal(end_of("2021-06-01T00:00", a, 2), xrml_time("2021-06-01T00:00"));
    /* A right without an end: the rights do not end the license. */
    assert_int_equal(end_of(NULL, open, 2), LICENSE_TIME_NONE);
    assert_int_equal(end_of("2030-01-01T00:00", open, 2), xrml_time("2030-01-01T00:00"));
    /* Not a time: refused, unless reading stopped at an open right first. */
    assert_int_equal(end_of(NULL, bad, 2), -1);
    assert_int_equal(end_of(NULL, bad_after_open, 2), LICENSE_TIME_NONE);
    assert_int_equal(end_of("never", a, 2), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_machine_certificates),
        cmocka_unit_test(test_rights_account_certificates),
        cmocka_unit_test(test_client_licensor_certificates),
        cmocka_unit_test(test_publishing_licenses),
        cmocka_unit_test(test_rights_data),
        cmocka_unit_test(test_end_user_licenses),
        cmocka_unit_test(test_rights_templates),
        cmocka_unit_test(test_every_example_reads),
        cmocka_unit_test(test_published_documents_rebuild),
        cmocka_unit_test(test_every_example_builds_with_every_builder),
        cmocka_unit_test(test_values_read_back_as_they_are),
        cmocka_unit_test(test_kind_from_signed_content_only),
        cmocka_unit_test(test_lenient_values),
        cmocka_unit_test(test_rights_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
