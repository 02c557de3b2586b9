/*
 * Test conveniences on the library's builders (xrml_builders.h). The
 * documents follow spec/xrml.md §4 and the example documents it cites;
 * the models here say everything that is in them.
 */
#include "xrml_builders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "util/base64.h"
#include "util/wstring.h"
#include "xrml/xrml_document.h"

#define TEST_USER_SID "S-1-5-21-1111111111-2222222222-3333333333-1001"
#define TEST_USER "user@openmsdrm.test"

/* --- parties --------------------------------------------------------------------- */

void xrml_test_party_init(struct xrml_test_party *p, const char *object_type, const char *id_type,
                          const char *id, const char *name, const char *url, EVP_PKEY *key)
{
    memset(p, 0, sizeof *p);
    p->object =
        (struct license_object){.type = object_type, .id_type = id_type, .id = id, .name = name};
    if (url != NULL) {
        p->address = (struct license_address){"URL", url};
        p->object.addresses = &p->address;
        p->object.address_count = 1;
    }
    p->party.object = &p->object;
    p->party.key = key;
    p->party.levels = p->levels;
}

void xrml_test_party_add_level(struct xrml_test_party *p, const char *name, const char *value)
{
    if (p->party.level_count < sizeof p->levels / sizeof p->levels[0])
        p->levels[p->party.level_count++] = (struct license_pair){name, value};
}

void xrml_test_party_copy(struct xrml_test_party *to, const struct xrml_test_party *from)
{
    *to = *from;
    if (from->object.addresses != NULL)
        to->object.addresses = &to->address;
    to->party.object = &to->object;
    to->party.levels = to->levels;
}

/* --- models and their parts ------------------------------------------------------- */

void *xrml_test_part(struct xrml_test_model *m, size_t size)
{
    void *part = m->part_count < sizeof m->parts / sizeof m->parts[0] ? calloc(1, size) : NULL;
    if (part == NULL) {
        m->failed = true;
        return NULL;
    }
    m->parts[m->part_count++] = part;
    return part;
}

const char *xrml_test_text(struct xrml_test_model *m, const char *text)
{
    if (text == NULL)
        return NULL;
    char *copy = xrml_test_part(m, strlen(text) + 1);
    if (copy != NULL)
        strcpy(copy, text);
    return copy;
}

void xrml_test_model_free(struct xrml_test_model *m)
{
    for (size_t i = 0; i < m->part_count; i++)
        free(m->parts[i]);
    memset(m, 0, sizeof *m);
}

/* Each of these returns a part (NULL when out of memory, and the model
 * remembers it failed). */
#define NEW(m, type) ((type *)xrml_test_part(m, sizeof(type)))

static const char *random_base64(struct xrml_test_model *m, size_t bytes)
{
    char *text = xrml_random_base64(bytes);
    const char *part = xrml_test_text(m, text);
    if (text == NULL)
        m->failed = true;
    free(text);
    return part;
}

static const char *random_guid(struct xrml_test_model *m)
{
    char guid[39];
    xrml_random_guid(guid);
    return xrml_test_text(m, guid);
}

/* A copy of `from` with `internal_id`, living as long as the model. */
static struct xrml_test_party *
party_copy(struct xrml_test_model *m, const struct xrml_test_party *from, const char *internal_id)
{
    struct xrml_test_party *copy = NEW(m, struct xrml_test_party);
    if (copy != NULL) {
        xrml_test_party_copy(copy, from);
        copy->party.internal_id = internal_id;
    }
    return copy;
}

/* A distribution point of one OBJECT with a URL (§3.3). */
static const struct license_party *point(struct xrml_test_model *m, const char *type,
                                         const char *guid, const char *name, const char *url)
{
    struct xrml_test_party *p = NEW(m, struct xrml_test_party);
    if (p != NULL)
        xrml_test_party_init(p, type, "MS-GUID", guid, name, url, NULL);
    return p != NULL ? &p->party : NULL;
}

/* One right with one ACCESS principal (internal-id 1 and `sealed_key`, or
 * the OBJECT `who`), RANGETIME and INTERVALTIME when given. */
static struct license_right *right(struct xrml_test_model *m, const char *name,
                                   const char *sealed_key, const struct license_object *who,
                                   int64_t from, int64_t until, unsigned interval_days)
{
    struct license_right *r = NEW(m, struct license_right);
    struct license_access *access = NEW(m, struct license_access);
    struct license_party *principal = NEW(m, struct license_party);
    if (r == NULL || access == NULL || principal == NULL)
        return NULL;
    if (who != NULL) {
        principal->object = who;
    } else {
        principal->internal_id = "1";
        principal->enabling_bits = (struct license_enabling_bits){"sealed-key", sealed_key};
    }
    *access = (struct license_access){principal, 1};
    r->name = name;
    r->conditions.access = access;
    r->conditions.access_count = 1;
    r->conditions.range_from = from;
    r->conditions.range_until = until;
    r->conditions.interval =
        (struct license_interval){.present = interval_days != 0, .days = interval_days};
    return r;
}

/* A WORK of `object` with one Main-Rights group of `count` rights. */
static struct license_work *work(struct xrml_test_model *m, const struct license_object *object,
                                 struct license_right **rights, size_t count)
{
    struct license_work *w = NEW(m, struct license_work);
    struct license_rights_group *group = NEW(m, struct license_rights_group);
    struct license_right *list = xrml_test_part(m, sizeof *list * (count > 0 ? count : 1));
    if (w == NULL || group == NULL || list == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (rights[i] == NULL)
            return NULL;
        list[i] = *rights[i];
    }
    *group =
        (struct license_rights_group){.name = "Main-Rights", .rights = list, .right_count = count};
    *w = (struct license_work){.object = object, .groups = group, .group_count = count > 0};
    return w;
}

static struct license_object *object(struct xrml_test_model *m, const char *type,
                                     const char *id_type, const char *id, const char *name)
{
    struct license_object *o = NEW(m, struct license_object);
    if (o != NULL)
        *o = (struct license_object){.type = type, .id_type = id_type, .id = id, .name = name};
    return o;
}

/* The builder's text, or NULL (the model freed either way). */
static char *build(struct xrml_test_model *m, bool made,
                   HRESULT (*builder)(const struct license_model *, EVP_PKEY *, char **),
                   EVP_PKEY *signer)
{
    char *text = NULL;
    HRESULT hr = made && !m->failed ? builder(&m->model, signer, &text) : E_OUTOFMEMORY;
    xrml_test_model_free(m);
    return SUCCEEDED(hr) ? text : NULL;
}

/* --- certificates ----------------------------------------------------------------------- */

bool xrml_test_issuing_certificate_model(struct xrml_test_model *m, const char *descriptor_type,
                                         const char *guid, int64_t issued, int64_t valid_from,
                                         int64_t valid_until, const struct license_party *issuer,
                                         const struct license_party *principal)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor =
        object(m, descriptor_type, "MS-GUID", xrml_test_text(m, guid), NULL);
    struct license_party *issued_to = NEW(m, struct license_party);
    /* The ISSUE right, whose WORK is the certificate's own OBJECT (§4.1). */
    struct license_right *issue = right(m, "ISSUE", NULL, NULL, valid_from, valid_until, 0);
    struct license_work *w = work(m, descriptor, &issue, 1);
    if (m->failed || w == NULL)
        return false;
    *issued_to = *principal;
    issued_to->internal_id = "1";
    m->model = (struct license_model){.issued_time = issued,
                                      .valid_from = valid_from,
                                      .valid_until = valid_until,
                                      .descriptor = descriptor,
                                      .issuer = issuer,
                                      .principals = issued_to,
                                      .principal_count = 1,
                                      .works = w,
                                      .work_count = 1};
    return true;
}

char *xrml_test_issuing_certificate(const char *descriptor_type, const char *guid, int64_t issued,
                                    int64_t valid_from, int64_t valid_until,
                                    const struct license_party *issuer,
                                    const struct license_party *principal, EVP_PKEY *signer)
{
    struct xrml_test_model m;
    bool made = xrml_test_issuing_certificate_model(&m, descriptor_type, guid, issued, valid_from,
                                                    valid_until, issuer, principal);
    return build(&m, made, license_build_issuing_certificate, signer);
}

bool xrml_test_machine_certificate_model(struct xrml_test_model *m, const struct xrml_test_pki *k)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor =
        object(m, NULL, "MS-GUID", random_guid(m), "Microsoft Machine-Certificate");
    const struct license_party *activation =
        point(m, "Activation", "{99F48562-703E-4E7D-9175-DD69C66921B7}", "Microsoft Activation",
              "file:///rmactivate.exe");
    struct xrml_test_party *machine = party_copy(m, &k->machine, NULL);
    /* The HID digest: opaque to everyone but the issuer (§5). */
    const char *hid = random_base64(m, 20);
    if (m->failed)
        return false;
    machine->party.digest = hid;
    m->model = (struct license_model){.issued_time = k->issued,
                                      .descriptor = descriptor,
                                      .issuer = &k->spc_issuer.party,
                                      .distribution_points = activation,
                                      .distribution_point_count = 1,
                                      .principals = &machine->party,
                                      .principal_count = 1};
    return true;
}

bool xrml_test_rights_account_certificate_model(struct xrml_test_model *m,
                                                const struct xrml_test_pki *k)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor = object(m, NULL, "MS-GUID", random_guid(m), NULL);
    const struct license_party *certification = point(
        m, "Activation", "{8BA9EA80-99E4-4a2b-9764-4CD84F77C3A0}",
        "Microsoft Identity Certification Server", "http://rms.openmsdrm.test/_wmcs/certification");
    struct xrml_test_party *user = party_copy(m, &k->user_rac, "1");
    /* The machine's OBJECT and levels, copied from its certificate, and
     * the RAC's private key sealed to it (§4.3). */
    struct xrml_test_party *machine = party_copy(m, &k->machine, NULL);
    const char *sealed = random_base64(m, PRIVATE_KEY_BLOB);
    if (m->failed)
        return false;
    xrml_test_party_add_level(user, "Group-Identity-Credential-Type", "Persistent");
    xrml_test_party_add_level(user, "Group-Identity-Type", "Group");
    xrml_test_party_add_level(user, "Group-Identity-Policy", "Group-Identity-Credential");
    machine->party.key = NULL;
    machine->party.enabling_bits = (struct license_enabling_bits){"sealed-key", sealed};
    m->model = (struct license_model){.issued_time = k->issued,
                                      .valid_from = k->before,
                                      .valid_until = k->until,
                                      .descriptor = descriptor,
                                      .issuer = &k->slc.party,
                                      .distribution_points = certification,
                                      .distribution_point_count = 1,
                                      .principals = &user->party,
                                      .principal_count = 1,
                                      .federation_principals = &machine->party,
                                      .federation_principal_count = 1};
    return true;
}

static const struct license_party *licensing_point(struct xrml_test_model *m)
{
    return point(m, "License-Acquisition-URL", "{0F45FD50-383B-43EE-90A4-ED013CD0CFE5}",
                 "DRM Server Cluster", "http://rms.openmsdrm.test/_wmcs/licensing");
}

bool xrml_test_client_licensor_certificate_model(struct xrml_test_model *m,
                                                 const struct xrml_test_pki *k)
{
    memset(m, 0, sizeof *m);
    const char *guid = random_guid(m);
    struct license_object *descriptor = object(m, NULL, "MS-GUID", guid, NULL);
    struct license_object *work_object =
        object(m, "Client-Licensor-Certificate", "MS-GUID", guid, NULL);
    const struct license_party *licensing = licensing_point(m);
    struct xrml_test_party *user = party_copy(m, &k->user_clc, "1");
    /* The ISSUE right over the RAC's validity, the CLC key sealed to the
     * RAC (§4.4). */
    struct license_right *issue =
        right(m, "ISSUE", random_base64(m, PRIVATE_KEY_BLOB), NULL, k->before, k->until, 0);
    struct license_work *w = work(m, work_object, &issue, 1);
    if (m->failed || w == NULL)
        return false;
    m->model = (struct license_model){.issued_time = k->issued,
                                      .descriptor = descriptor,
                                      .issuer = &k->slc.party,
                                      .distribution_points = licensing,
                                      .distribution_point_count = 1,
                                      .principals = &user->party,
                                      .principal_count = 1,
                                      .works = w,
                                      .work_count = 1};
    return true;
}

/* --- the hierarchy ------------------------------------------------------------------------ */

static void define_parties(struct xrml_test_pki *k)
{
    /* The root signs itself: issuer and principal share the CA key. */
    xrml_test_party_init(&k->root, "DRM-Certificate-Authority", "ascii-tag", "openmsdrm Test Root",
                         "openmsdrm Test Root", NULL, k->ca_key);
    xrml_test_party_init(&k->ca, "DRM-Certificate-Authority", "ascii-tag", "openmsdrm Test CA",
                         "openmsdrm Test CA", NULL, k->ca_key);
    xrml_test_party_init(&k->slc, "MS-DRM-Server", "MS-GUID", k->slc_guid, "TEST-RMS",
                         "http://rms.openmsdrm.test/_wmcs", k->slc_key);
    xrml_test_party_add_level(&k->slc, "Server-Version", "6.0.0.0");
    xrml_test_party_add_level(&k->slc, "Server-SKU", "RMS 2.0");
    xrml_test_party_init(&k->spc_issuer, "MS-DRM-Desktop-Security-Processor", "MS-GUID",
                         k->spc_issuer_guid,
                         "openmsdrm Test Desktop Security Processor Activation Certificate", NULL,
                         k->spc_issuer_key);
    xrml_test_party_init(&k->machine, "Machine-Unique-Identifier", "MS-GUID", k->machine_guid,
                         "Machine", NULL, k->machine_key);
    xrml_test_party_add_level(&k->machine, "Platform", "2.6.1.7600");
    xrml_test_party_add_level(&k->machine, "Manufacturer", "openmsdrm tests");
    xrml_test_party_add_level(&k->machine, "Repository", "openmsdrm test repository");
    xrml_test_party_init(&k->user_rac, "Group-Identity", "Windows", TEST_USER_SID, TEST_USER, NULL,
                         k->rac_key);
    xrml_test_party_copy(&k->user_clc, &k->user_rac);
    k->user_clc.party.key = k->clc_key;
}

static bool build_documents(struct xrml_test_pki *k)
{
    char guid[39];
    xrml_random_guid(guid);
    k->ca_certificate =
        xrml_test_issuing_certificate("DRM-CA-Certificate", guid, k->issued, k->before, k->until,
                                      &k->root.party, &k->ca.party, k->ca_key);
    xrml_random_guid(guid);
    struct xrml_test_party ca;
    xrml_test_party_copy(&ca, &k->ca);
    xrml_test_party_add_level(&ca, "Certificate Practice Statement",
                              "http://rms.openmsdrm.test/cps");
    k->slc_certificate =
        xrml_test_issuing_certificate("Server-Licensor-Certificate", guid, k->issued, k->before,
                                      k->until, &ca.party, &k->slc.party, k->ca_key);
    struct xrml_test_model m;
    bool made = xrml_test_machine_certificate_model(&m, k);
    k->machine_certificate = build(&m, made, license_build_machine_certificate, k->spc_issuer_key);
    made = xrml_test_rights_account_certificate_model(&m, k);
    k->rac = build(&m, made, license_build_rights_account_certificate, k->slc_key);
    made = xrml_test_client_licensor_certificate_model(&m, k);
    k->clc = build(&m, made, license_build_client_licensor_certificate, k->slc_key);
    return k->ca_certificate != NULL && k->slc_certificate != NULL &&
           k->machine_certificate != NULL && k->rac != NULL && k->clc != NULL;
}

struct xrml_test_pki *xrml_test_pki_new(void)
{
    struct xrml_test_pki *k = calloc(1, sizeof *k);
    if (k == NULL)
        return NULL;
    k->ca_key = EVP_RSA_gen(2048);
    k->slc_key = EVP_RSA_gen(1024);
    k->spc_issuer_key = EVP_RSA_gen(1024);
    k->machine_key = EVP_RSA_gen(1024);
    k->rac_key = EVP_RSA_gen(1024);
    k->clc_key = EVP_RSA_gen(1024);
    xrml_random_guid(k->slc_guid);
    xrml_random_guid(k->spc_issuer_guid);
    xrml_random_guid(k->machine_guid);
    k->before = xrml_time_from_now(-24 * 3600);
    k->issued = xrml_time_from_now(0);
    k->until = xrml_time_from_now(365LL * 24 * 3600);
    define_parties(k);
    if (k->ca_key == NULL || k->slc_key == NULL || k->spc_issuer_key == NULL ||
        k->machine_key == NULL || k->rac_key == NULL || k->clc_key == NULL || !build_documents(k)) {
        xrml_test_pki_free(k);
        return NULL;
    }
    return k;
}

void xrml_test_pki_free(struct xrml_test_pki *k)
{
    if (k == NULL)
        return;
    EVP_PKEY_free(k->ca_key);
    EVP_PKEY_free(k->slc_key);
    EVP_PKEY_free(k->spc_issuer_key);
    EVP_PKEY_free(k->machine_key);
    EVP_PKEY_free(k->rac_key);
    EVP_PKEY_free(k->clc_key);
    free(k->ca_certificate);
    free(k->slc_certificate);
    free(k->machine_certificate);
    free(k->rac);
    free(k->clc);
    free(k);
}

/* --- licenses ------------------------------------------------------------------------------- */

/* The content of the default licenses, owned by the test user. */
static struct license_work *content_work(struct xrml_test_model *m, const char *content_id,
                                         struct license_right **rights, size_t count)
{
    struct license_object *content =
        object(m, "ContentType", "MS-GUID", xrml_test_text(m, content_id), "ContentName");
    struct xrml_test_party *owner = NEW(m, struct xrml_test_party);
    struct license_work *w = work(m, content, rights, count);
    if (owner == NULL || w == NULL)
        return NULL;
    xrml_test_party_init(owner, NULL, "Windows", NULL, TEST_USER, NULL, NULL);
    w->owner = &owner->party;
    return w;
}

bool xrml_test_end_user_license_model(struct xrml_test_model *m, const struct xrml_test_pki *k,
                                      const char *content_id)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor = object(m, NULL, "MS-GUID", random_guid(m), NULL);
    /* The principal is the RAC's, copied (§4.7). */
    struct xrml_test_party *user = party_copy(m, &k->user_rac, "1");
    /* Every right its own ENABLINGBITS. */
    static const char *const names[] = {"VIEW", "EDIT", "OWNER"};
    struct license_right *rights[3];
    for (size_t i = 0; i < 3; i++)
        rights[i] =
            right(m, names[i], random_base64(m, CONTENT_KEY_BLOB), NULL, k->before, k->until, 30);
    struct license_work *w = content_work(m, content_id, rights, 3);
    struct license_policy *policy = NEW(m, struct license_policy);
    struct license_policy_list *list = NEW(m, struct license_policy_list);
    struct license_data *data = NEW(m, struct license_data);
    if (m->failed || w == NULL)
        return false;
    w->sku_type = "SKUIdType";
    w->sku = "SKUId";
    *policy = (struct license_policy){"filename", "ApplicationName", "1.0.0.0", "3.0.0.0"};
    *list = (struct license_policy_list){"exclusion", policy, 1};
    *data = (struct license_data){"APPSPECIFIC", "SomeName", "SomeValue"};
    m->model = (struct license_model){.issued_time = k->issued,
                                      .descriptor = descriptor,
                                      .issuer = &k->slc.party,
                                      .principals = &user->party,
                                      .principal_count = 1,
                                      .works = w,
                                      .work_count = 1,
                                      .conditions = {.os_exclusion = "5.1.2600.0-6.1.7600.0"},
                                      .policy_lists = list,
                                      .policy_list_count = 1,
                                      .data = data,
                                      .data_count = 1};
    return true;
}

char *xrml_test_end_user_license(const struct xrml_test_pki *k, const char *content_id)
{
    struct xrml_test_model m;
    bool made = xrml_test_end_user_license_model(&m, k, content_id);
    return build(&m, made, license_build_end_user_license, k->slc_key);
}

bool xrml_test_publishing_license_model(struct xrml_test_model *m, const struct xrml_test_pki *k,
                                        const char *content_id)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor =
        object(m, NULL, "MS-GUID", random_guid(m),
               "LCID 1033:NAME Test policy:DESCRIPTION Made by the tests;");
    /* Signed offline: the ISSUER is the CLC principal and the SDK level. */
    struct xrml_test_party *issuer = party_copy(m, &k->user_clc, NULL);
    const struct license_party *licensing = licensing_point(m);
    /* The licensing server, with the content key sealed to it. */
    struct xrml_test_party *server = party_copy(m, &k->slc, "1");
    const char *sealed = random_base64(m, CONTENT_KEY_BLOB);
    struct license_work *w = content_work(m, content_id, NULL, 0);
    struct license_data *rights_data = NEW(m, struct license_data);
    const char *encrypted = random_base64(m, RIGHTS_DATA_BYTES);
    if (m->failed || w == NULL)
        return false;
    xrml_test_party_add_level(issuer, "SDK", "6.1.7600.16385");
    server->party.enabling_bits = (struct license_enabling_bits){"sealed-key", sealed};
    *rights_data = (struct license_data){.id = "Encrypted-Rights-Data", .value = encrypted};
    m->model = (struct license_model){.issued_time = k->issued,
                                      .valid_from = k->before,
                                      .valid_until = k->until,
                                      .descriptor = descriptor,
                                      .issuer = &issuer->party,
                                      .distribution_points = licensing,
                                      .distribution_point_count = 1,
                                      .principals = &server->party,
                                      .principal_count = 1,
                                      .works = w,
                                      .work_count = 1,
                                      .data = rights_data,
                                      .data_count = 1};
    return true;
}

char *xrml_test_publishing_license(const struct xrml_test_pki *k, const char *content_id)
{
    struct xrml_test_model m;
    bool made = xrml_test_publishing_license_model(&m, k, content_id);
    return build(&m, made, license_build_publishing_license, k->clc_key);
}

char *xrml_test_end_user_license_chain(const struct xrml_test_pki *k, const char *content_id)
{
    char *eul = xrml_test_end_user_license(k, content_id);
    const char *const documents[] = {eul, k->slc_certificate, k->ca_certificate, NULL};
    char *chain = eul != NULL ? xrml_concatenate(documents) : NULL;
    free(eul);
    return chain;
}

char *xrml_test_publishing_license_chain(const struct xrml_test_pki *k, const char *content_id)
{
    char *pl = xrml_test_publishing_license(k, content_id);
    const char *const documents[] = {pl, k->clc, k->slc_certificate, k->ca_certificate, NULL};
    char *chain = pl != NULL ? xrml_concatenate(documents) : NULL;
    free(pl);
    return chain;
}

bool xrml_test_rights_template_model(struct xrml_test_model *m, const struct xrml_test_pki *k,
                                     const char *user, unsigned interval_days)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor = object(
        m, NULL, "MS-GUID", random_guid(m), "LCID 1033:NAME Test template:DESCRIPTION For tests;");
    /* §4.8: a template's ISSUER is the server's OBJECT and key only. */
    struct xrml_test_party *server = party_copy(m, &k->slc, NULL);
    const struct license_party *publishing =
        point(m, "Publishing-URL", "{9A23D98E-4449-4ba5-812A-F30808F3CB16}", "Publishing Point",
              "http://rms.openmsdrm.test/_wmcs/licensing");
    struct license_right *rights[2] = {
        right(m, "OWNER", NULL, object(m, NULL, "Internal", "Owner", NULL), 0, 0, 0),
        right(m, "VIEW", NULL, object(m, NULL, "Unspecified", NULL, xrml_test_text(m, user)), 0, 0,
              interval_days),
    };
    /* Not bound to any content yet: an ID of empty type (§3.2). */
    struct license_work *w = work(m, object(m, NULL, "", NULL, NULL), rights, 2);
    struct license_data *viewer = NEW(m, struct license_data);
    if (m->failed || w == NULL)
        return false;
    server->party.level_count = 0;
    *viewer = (struct license_data){"APPSPECIFIC", "VIEWER", "1"};
    m->model = (struct license_model){.issued_time = k->issued,
                                      .descriptor = descriptor,
                                      .issuer = &server->party,
                                      .distribution_points = publishing,
                                      .distribution_point_count = 1,
                                      .works = w,
                                      .work_count = 1,
                                      .data = viewer,
                                      .data_count = 1};
    return true;
}

char *xrml_test_rights_template(const struct xrml_test_pki *k, const char *user,
                                unsigned interval_days)
{
    struct xrml_test_model m;
    bool made = xrml_test_rights_template_model(&m, k, user, interval_days);
    return build(&m, made, license_build_rights_template, k->slc_key);
}

bool xrml_test_revocation_list_model(struct xrml_test_model *m,
                                     const struct license_party *authority, int64_t issued,
                                     const char *license_id, const char *content_id,
                                     EVP_PKEY *revoked_key)
{
    memset(m, 0, sizeof *m);
    struct license_object *descriptor = object(m, NULL, "MS-GUID", random_guid(m), NULL);
    struct license_revoke *revocations = xrml_test_part(m, 3 * sizeof *revocations);
    if (m->failed)
        return false;
    size_t count = 0;
    if (license_id != NULL)
        revocations[count++] = (struct license_revoke){
            "license",
            "license-id",
            {.object = object(m, NULL, "MS-GUID", xrml_test_text(m, license_id), NULL)}};
    if (content_id != NULL)
        revocations[count++] = (struct license_revoke){
            "content",
            "content-id",
            {.object = object(m, NULL, "MS-GUID", xrml_test_text(m, content_id), NULL)}};
    if (revoked_key != NULL)
        revocations[count++] =
            (struct license_revoke){"principal", "principal-key", {.key = revoked_key}};
    m->model = (struct license_model){.issued_time = issued,
                                      .descriptor = descriptor,
                                      .issuer = authority,
                                      .has_revocation_list = true,
                                      .revocations = revocations,
                                      .revocation_count = count};
    return !m->failed;
}

char *xrml_test_revocation_list(const struct license_party *authority, EVP_PKEY *signer,
                                int64_t issued, const char *license_id, const char *content_id,
                                EVP_PKEY *revoked_key)
{
    struct xrml_test_model m;
    bool made =
        xrml_test_revocation_list_model(&m, authority, issued, license_id, content_id, revoked_key);
    return build(&m, made, license_build_revocation_list, signer);
}

/* --- pieces ------------------------------------------------------------------------ */

char *xrml_random_base64(size_t bytes)
{
    unsigned char *random = malloc(bytes > 0 ? bytes : 1);
    char *text = NULL;
    if (random != NULL && RAND_bytes(random, (int)bytes) == 1 &&
        FAILED(base64_encode_new(random, bytes, &text)))
        text = NULL;
    free(random);
    return text;
}

void xrml_random_guid(char guid[39])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        memset(b, 0x5A, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0F) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
    snprintf(guid, 39, "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

int64_t xrml_time_from_now(int64_t seconds)
{
    int64_t at = (int64_t)time(NULL) + seconds;
    return at - at % 60;
}

int64_t xrml_time(const char *text)
{
    SYSTEMTIME time;
    if (!xrml_parse_time(text, &time))
        abort();
    return xrml_time_seconds(&time);
}

char *xrml_concatenate(const char *const *documents)
{
    size_t length = 0;
    for (size_t i = 0; documents[i] != NULL; i++)
        length += strlen(documents[i]);
    char *joined = malloc(length + 1);
    if (joined == NULL)
        return NULL;
    length = 0;
    for (size_t i = 0; documents[i] != NULL; i++) {
        size_t n = strlen(documents[i]);
        memcpy(joined + length, documents[i], n);
        length += n;
    }
    joined[length] = '\0';
    return joined;
}

WCHAR *xrml_widen(const char *utf8)
{
    return wstr_from_utf8(utf8);
}
