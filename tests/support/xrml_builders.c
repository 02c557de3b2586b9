/*
 * Signed XrML documents for tests (xrml_builders.h). Element order and
 * literals follow spec/xrml.md §4 and the example documents it cites.
 *
 * ENABLINGBITS: the values are random bytes of the documented size (192
 * bytes, size="1536", for a content key sealed to a 1024-bit key; 768
 * bytes, size="6144", for a sealed RSA private key; spec/xrml.md §7.5),
 * not real sealed keys: these documents test parsing, signing and chains,
 * not binding. The Encrypted-Rights-Data of the publishing license is
 * random too (a multiple of the 16-byte block, §7.6).
 */
#include "xrml_builders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "util/wstring.h"
#include "xrml/xml_text.h"
#include "xrml/xrml_signing.h"
#include "msdrmerror.h"
#include "platform/platform.h"

#define CONTENT_KEY_BLOB 192        /* 128-byte RSA part + 64 (§7.5) */
#define PRIVATE_KEY_BLOB 768        /* 128 + 640 */
#define RIGHTS_DATA_BYTES (81 * 16) /* like the SDK online IL's 1296 bytes */

static void keep(HRESULT *hr, HRESULT result)
{
    if (SUCCEEDED(*hr))
        *hr = result;
}

/* Appends base64 of `length` random bytes. */
static HRESULT write_random_base64(struct xml_text *xml, size_t length)
{
    unsigned char bytes[PRIVATE_KEY_BLOB + RIGHTS_DATA_BYTES];
    char text[4 * (sizeof bytes + 2) / 3 + 1];
    if (length > sizeof bytes || RAND_bytes(bytes, (int)length) != 1)
        return E_FAIL;
    EVP_EncodeBlock((unsigned char *)text, bytes, (int)length);
    xml_raw(xml, text);
    return S_OK;
}

static void write_value_start(struct xml_text *xml, const char *encoding, size_t bits)
{
    char size[24];
    snprintf(size, sizeof size, "%zu", bits);
    xml_open(xml, "VALUE");
    xml_attribute(xml, "encoding", encoding);
    xml_attribute(xml, "size", size);
    xml_open_end(xml);
}

/* <ENABLINGBITS type="sealed-key"> with `bytes` random bytes. */
static HRESULT write_enabling_bits(struct xml_text *xml, size_t bytes)
{
    xml_raw(xml, "<ENABLINGBITS type=\"sealed-key\">");
    write_value_start(xml, "base64", bytes * 8);
    HRESULT hr = write_random_base64(xml, bytes);
    xml_raw(xml, "</VALUE></ENABLINGBITS>");
    return hr;
}

/* <NAME a="v" /> with up to two attributes (b may be NULL). */
static void write_empty(struct xml_text *xml, const char *element, const char *a,
                        const char *a_value, const char *b, const char *b_value)
{
    xml_open(xml, element);
    xml_attribute(xml, a, a_value);
    if (b != NULL)
        xml_attribute(xml, b, b_value);
    xml_empty_end(xml);
}

static void write_level(struct xml_text *xml, const char *name, const char *value)
{
    write_empty(xml, "SECURITYLEVEL", "name", name, "value", value);
}

static void write_levels(struct xml_text *xml, const struct xrml_party *party)
{
    for (size_t i = 0; i < 4 && party->levels[i].name != NULL; i++)
        write_level(xml, party->levels[i].name, party->levels[i].value);
}

/* <ID type="…">id</ID>, or <ID type="…" /> without an id. */
static void write_id(struct xml_text *xml, const char *type, const char *id)
{
    xml_open(xml, "ID");
    xml_attribute(xml, "type", type);
    if (id == NULL) {
        xml_empty_end(xml);
        return;
    }
    xml_open_end(xml);
    xml_escaped(xml, id);
    xml_close(xml, "ID");
}

static void write_address(struct xml_text *xml, const char *type, const char *address)
{
    xml_open(xml, "ADDRESS");
    xml_attribute(xml, "type", type);
    xml_open_end(xml);
    xml_escaped(xml, address);
    xml_close(xml, "ADDRESS");
}

/* OBJECT with an ID, optional type, NAME and URL ADDRESS. */
static void write_object(struct xml_text *xml, const char *type, const char *id_type,
                         const char *id, const char *name, const char *address)
{
    xml_open(xml, "OBJECT");
    if (type != NULL)
        xml_attribute(xml, "type", type);
    xml_open_end(xml);
    write_id(xml, id_type, id);
    if (name != NULL)
        xml_element(xml, "NAME", name);
    if (address != NULL)
        write_address(xml, "URL", address);
    xml_close(xml, "OBJECT");
}

static void write_party_object(struct xml_text *xml, const struct xrml_party *party)
{
    write_object(xml, party->object_type, party->id_type, party->id, party->name, party->address);
}

/* OBJECT, PUBLICKEY, SECURITYLEVELs: an ISSUER's or PRINCIPAL's content. */
static HRESULT write_party(struct xml_text *xml, const struct xrml_party *party)
{
    write_party_object(xml, party);
    HRESULT hr = party->key != NULL ? xrml_write_public_key(xml, party->key) : S_OK;
    write_levels(xml, party);
    return hr;
}

static void write_distribution_point(struct xml_text *xml, const char *type, const char *guid,
                                     const char *name, const char *url)
{
    xml_raw(xml, "<DISTRIBUTIONPOINT>");
    write_object(xml, type, "MS-GUID", guid, name, url);
    xml_raw(xml, "</DISTRIBUTIONPOINT>");
}

static void write_range(struct xml_text *xml, const char *from, const char *until)
{
    xml_raw(xml, "<TIME><RANGETIME>");
    xml_element(xml, "FROM", from);
    xml_element(xml, "UNTIL", until);
    xml_raw(xml, "</RANGETIME></TIME>");
}

static void write_validity(struct xml_text *xml, const char *from, const char *until)
{
    xml_raw(xml, "<VALIDITYTIME>");
    xml_element(xml, "FROM", from);
    xml_element(xml, "UNTIL", until);
    xml_raw(xml, "</VALIDITYTIME>");
}

static void write_interval(struct xml_text *xml, unsigned days)
{
    char text[16];
    snprintf(text, sizeof text, "%u", days);
    xml_raw(xml, "<TIME>");
    write_empty(xml, "INTERVALTIME", "days", text, NULL, NULL);
    xml_raw(xml, "</TIME>");
}

static void write_descriptor(struct xml_text *xml, const char *type, const char *guid,
                             const char *name)
{
    xml_raw(xml, "<DESCRIPTOR>");
    write_object(xml, type, "MS-GUID", guid, name, NULL);
    xml_raw(xml, "</DESCRIPTOR>");
}

static void write_app_data(struct xml_text *xml, const char *name, const char *value)
{
    if (name == NULL)
        return;
    xml_open(xml, "AUTHENTICATEDDATA");
    xml_attribute(xml, "id", "APPSPECIFIC");
    xml_attribute(xml, "name", name);
    xml_open_end(xml);
    xml_escaped(xml, value);
    xml_close(xml, "AUTHENTICATEDDATA");
}

/* What every document writes first, through its ISSUER (§4). */
struct head {
    bool client;         /* `version` before `xmlns` (§1: client-built documents) */
    const char *purpose; /* XrML@purpose, or NULL */
    const char *body_type;
    bool unversioned; /* no BODY@version (official templates) */
    const char *issued_time;
    const char *valid_from, *valid_until; /* VALIDITYTIME, or NULL */
    const char *descriptor_type, *guid, *name;
    const struct xrml_party *issuer;
    const char *level_name, *level_value; /* one more ISSUER level, or NULL */
};

/* `<XrML …><BODY …>` through `</ISSUER>`. Server-built documents put
 * xmlns first, client-built ones version first (§1); both are outside the
 * signed BODY. */
static HRESULT write_head(struct xml_text *xml, const struct head *h)
{
    xml_open(xml, "XrML");
    if (h->client) {
        xml_attribute(xml, "version", "1.2");
        xml_attribute(xml, "xmlns", "");
    } else {
        xml_attribute(xml, "xmlns", "");
        xml_attribute(xml, "version", "1.2");
    }
    if (h->purpose != NULL)
        xml_attribute(xml, "purpose", h->purpose);
    xml_open_end(xml);
    xml_open(xml, "BODY");
    xml_attribute(xml, "type", h->body_type);
    if (!h->unversioned)
        xml_attribute(xml, "version", "3.0");
    xml_open_end(xml);
    xml_element(xml, "ISSUEDTIME", h->issued_time);
    if (h->valid_from != NULL)
        write_validity(xml, h->valid_from, h->valid_until);
    write_descriptor(xml, h->descriptor_type, h->guid, h->name);
    xml_raw(xml, "<ISSUER>");
    HRESULT hr = write_party(xml, h->issuer);
    if (h->level_name != NULL)
        write_level(xml, h->level_name, h->level_value);
    xml_raw(xml, "</ISSUER>");
    return hr;
}

/* Closes the BODY, signs, and hands the text over (NULL on failure). */
static char *finish(struct xml_text *xml, HRESULT hr, EVP_PKEY *signer)
{
    xml_raw(xml, "</BODY>");
    keep(&hr, xrml_sign(xml, signer));
    if (FAILED(hr)) {
        xml_text_free(xml);
        return NULL;
    }
    return xml->text;
}

/* <WORK> of an issuing certificate or CLC: the ISSUE right, whose ACCESS
 * principal carries `sealed_key` bytes of ENABLINGBITS (0: none). */
static HRESULT write_issue_work(struct xml_text *xml, const char *type, const char *guid,
                                const char *from, const char *until, size_t sealed_key)
{
    HRESULT hr = S_OK;
    xml_raw(xml, "<WORK>");
    write_object(xml, type, "MS-GUID", guid, NULL, NULL);
    xml_raw(xml, "<RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST><RIGHT name=\"ISSUE\">"
                 "<CONDITIONLIST>");
    write_range(xml, from, until);
    xml_raw(xml, "<ACCESS>");
    if (sealed_key == 0) {
        write_empty(xml, "PRINCIPAL", "internal-id", "1", NULL, NULL);
    } else {
        xml_raw(xml, "<PRINCIPAL internal-id=\"1\">");
        hr = write_enabling_bits(xml, sealed_key);
        xml_raw(xml, "</PRINCIPAL>");
    }
    xml_raw(xml, "</ACCESS></CONDITIONLIST></RIGHT></RIGHTSLIST></RIGHTSGROUP></WORK>");
    return hr;
}

char *build_issuing_certificate(const struct issuing_certificate_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr =
        write_head(&xml, &(struct head){.body_type = "LICENSE",
                                        .issued_time = p->issued_time,
                                        .valid_from = p->valid_from,
                                        .valid_until = p->valid_until,
                                        .descriptor_type = p->descriptor_type,
                                        .guid = p->guid,
                                        .issuer = p->issuer,
                                        .level_name = p->practice_statement != NULL
                                                          ? "Certificate Practice Statement"
                                                          : NULL,
                                        .level_value = p->practice_statement});
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    keep(&hr, write_party(&xml, p->principal));
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS>");
    keep(&hr,
         write_issue_work(&xml, p->descriptor_type, p->guid, p->valid_from, p->valid_until, 0));
    return finish(&xml, hr, signer);
}

char *build_machine_certificate(const struct machine_certificate_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.client = true,
                                                 .body_type = "LICENSE",
                                                 .issued_time = p->issued_time,
                                                 .descriptor_type = "Machine-Certificate",
                                                 .guid = p->guid,
                                                 .name = "Microsoft Machine-Certificate",
                                                 .issuer = p->issuer});
    write_distribution_point(&xml, "Activation", "{99F48562-703E-4E7D-9175-DD69C66921B7}",
                             "Microsoft Activation", "file:///rmactivate.exe");
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL>");
    write_party_object(&xml, p->machine);
    keep(&hr, xrml_write_public_key(&xml, p->machine->key));
    /* The HID digest: opaque to everyone but the issuer (§5). */
    xml_raw(&xml, "<DIGEST><ALGORITHM>SHA1</ALGORITHM><PARAMETER name=\"codingtype\">"
                  "<VALUE encoding=\"string\">surface-coding</VALUE></PARAMETER>");
    write_value_start(&xml, "base64", 160);
    keep(&hr, write_random_base64(&xml, 20));
    xml_raw(&xml, "</VALUE></DIGEST>");
    write_levels(&xml, p->machine);
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS>");
    return finish(&xml, hr, signer);
}

char *build_rights_account_certificate(const struct rights_account_certificate_params *p,
                                       EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.body_type = "LICENSE",
                                                 .issued_time = p->issued_time,
                                                 .valid_from = p->valid_from,
                                                 .valid_until = p->valid_until,
                                                 .descriptor_type = "Group-Identity-Credential",
                                                 .guid = p->guid,
                                                 .issuer = p->issuer});
    write_distribution_point(&xml, "Activation", "{8BA9EA80-99E4-4a2b-9764-4CD84F77C3A0}",
                             "Microsoft Identity Certification Server", p->certification_url);
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    keep(&hr, write_party(&xml, p->user));
    write_level(&xml, "Group-Identity-Credential-Type", "Persistent");
    write_level(&xml, "Group-Identity-Type", "Group");
    write_level(&xml, "Group-Identity-Policy", "Group-Identity-Credential");
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS><FEDERATIONPRINCIPALS><PRINCIPAL>");
    write_party_object(&xml, p->machine);
    keep(&hr, write_enabling_bits(&xml, PRIVATE_KEY_BLOB));
    write_levels(&xml, p->machine);
    xml_raw(&xml, "</PRINCIPAL></FEDERATIONPRINCIPALS>");
    return finish(&xml, hr, signer);
}

char *build_client_licensor_certificate(const struct client_licensor_certificate_params *p,
                                        EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.body_type = "LICENSE",
                                                 .issued_time = p->issued_time,
                                                 .descriptor_type = "Client-Licensor-Certificate",
                                                 .guid = p->guid,
                                                 .issuer = p->issuer});
    write_distribution_point(&xml, "License-Acquisition-URL",
                             "{0F45FD50-383B-43EE-90A4-ED013CD0CFE5}", "DRM Server Cluster",
                             p->licensing_url);
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    keep(&hr, write_party(&xml, p->user));
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS>");
    keep(&hr, write_issue_work(&xml, "Client-Licensor-Certificate", p->guid, p->valid_from,
                               p->valid_until, PRIVATE_KEY_BLOB));
    return finish(&xml, hr, signer);
}

/* WORK OBJECT and METADATA/OWNER (and SKU) of a PL or EUL. */
static void write_work_start(struct xml_text *xml, const char *content_type, const char *content_id,
                             const char *content_name, const char *owner, const char *sku_type,
                             const char *sku)
{
    xml_raw(xml, "<WORK>");
    write_object(xml, content_type, "MS-GUID", content_id, content_name, NULL);
    if (owner == NULL && sku == NULL)
        return;
    xml_raw(xml, "<METADATA>");
    if (owner != NULL) {
        xml_raw(xml, "<OWNER>");
        write_object(xml, NULL, "Windows", NULL, owner, NULL);
        xml_raw(xml, "</OWNER>");
    }
    if (sku != NULL) {
        xml_open(xml, "SKU");
        xml_attribute(xml, "type", sku_type);
        xml_open_end(xml);
        xml_escaped(xml, sku);
        xml_close(xml, "SKU");
    }
    xml_raw(xml, "</METADATA>");
}

char *build_publishing_license(const struct publishing_license_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.client = true,
                                                 .body_type = "Microsoft Rights Label",
                                                 .issued_time = p->issued_time,
                                                 .valid_from = p->valid_from,
                                                 .valid_until = p->valid_until,
                                                 .guid = p->guid,
                                                 .name = p->name,
                                                 .issuer = p->issuer,
                                                 .level_name = "SDK",
                                                 .level_value = p->sdk_version});
    write_distribution_point(&xml, "License-Acquisition-URL",
                             "{0F45FD50-383B-43EE-90A4-ED013CD0CFE5}", "DRM Server Cluster",
                             p->licensing_url);
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    keep(&hr, write_party(&xml, p->server));
    keep(&hr, write_enabling_bits(&xml, CONTENT_KEY_BLOB));
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS>");
    write_work_start(&xml, p->content_type, p->content_id, p->content_name, p->owner, NULL, NULL);
    xml_raw(&xml, "</WORK><AUTHENTICATEDDATA id=\"Encrypted-Rights-Data\">");
    keep(&hr, write_random_base64(&xml, RIGHTS_DATA_BYTES));
    xml_raw(&xml, "</AUTHENTICATEDDATA>");
    return finish(&xml, hr, signer);
}

/* Rights that are elements of their own in XrML (§10); others are RIGHT. */
static bool is_right_element(const char *right)
{
    static const char *const elements[] = {"VIEW", "PRINT", "EDIT", "EXPORT", "EXTRACT"};
    for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
        if (strcmp(right, elements[i]) == 0)
            return true;
    }
    return false;
}

static HRESULT write_granted_right(struct xml_text *xml, const struct end_user_license_params *p,
                                   const char *right)
{
    const char *element = is_right_element(right) ? right : "RIGHT";
    xml_open(xml, element);
    if (element != right)
        xml_attribute(xml, "name", right);
    xml_raw(xml, "><CONDITIONLIST><ACCESS><PRINCIPAL internal-id=\"1\">");
    HRESULT hr = write_enabling_bits(xml, CONTENT_KEY_BLOB);
    xml_raw(xml, "</PRINCIPAL></ACCESS>");
    if (p->range_from != NULL)
        write_range(xml, p->range_from, p->range_until);
    if (p->interval_days != 0)
        write_interval(xml, p->interval_days);
    xml_raw(xml, "</CONDITIONLIST>");
    xml_close(xml, element);
    return hr;
}

char *build_end_user_license(const struct end_user_license_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.purpose = "Content-License",
                                                 .body_type = "LICENSE",
                                                 .issued_time = p->issued_time,
                                                 .descriptor_type = "Content-License",
                                                 .guid = p->guid,
                                                 .issuer = p->issuer});
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    keep(&hr, write_party(&xml, p->user));
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS>");
    write_work_start(&xml, p->content_type, p->content_id, p->content_name, p->owner, p->sku_type,
                     p->sku);
    xml_raw(&xml, "<RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST>");
    for (size_t i = 0; i < p->right_count; i++)
        keep(&hr, write_granted_right(&xml, p, p->rights[i]));
    xml_raw(&xml, "</RIGHTSLIST></RIGHTSGROUP></WORK>");
    if (p->os_min != NULL) {
        xml_raw(&xml, "<CONDITIONLIST><CONDITION NAME=\"OS-Exclusion\" TYPE=\"versionspan\">");
        xml_escaped(&xml, p->os_min);
        xml_raw(&xml, "-");
        xml_escaped(&xml, p->os_max);
        xml_raw(&xml, "</CONDITION></CONDITIONLIST>");
    }
    if (p->excluded_application != NULL) {
        xml_raw(&xml, "<POLICYLIST type=\"exclusion\"><POLICY><OBJECT>");
        write_id(&xml, "filename", p->excluded_application);
        write_empty(&xml, "VERSIONSPAN", "min", p->excluded_min, "max", p->excluded_max);
        xml_raw(&xml, "</OBJECT></POLICY></POLICYLIST>");
    }
    write_app_data(&xml, p->app_data_name, p->app_data_value);
    return finish(&xml, hr, signer);
}

/* <RIGHT name|element><CONDITIONLIST>…<ACCESS><PRINCIPAL><OBJECT>… of a template. */
static void write_template_right(struct xml_text *xml, const char *right, const char *id_type,
                                 const char *id, const char *name, unsigned interval_days)
{
    const char *element = is_right_element(right) ? right : "RIGHT";
    xml_open(xml, element);
    if (element != right)
        xml_attribute(xml, "name", right);
    xml_raw(xml, "><CONDITIONLIST>");
    if (interval_days != 0)
        write_interval(xml, interval_days);
    xml_raw(xml, "<ACCESS><PRINCIPAL>");
    write_object(xml, NULL, id_type, id, name, NULL);
    xml_raw(xml, "</PRINCIPAL></ACCESS></CONDITIONLIST>");
    xml_close(xml, element);
}

char *build_rights_template(const struct rights_template_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    /* An official template's BODY has no version attribute (§1.1). */
    HRESULT hr = write_head(&xml, &(struct head){.body_type = "Microsoft Official Rights Template",
                                                 .unversioned = true,
                                                 .issued_time = p->issued_time,
                                                 .guid = p->guid,
                                                 .name = p->name,
                                                 .issuer = p->issuer});
    write_distribution_point(&xml, "Publishing-URL", "{9A23D98E-4449-4ba5-812A-F30808F3CB16}",
                             "Publishing Point", p->publishing_url);
    xml_raw(&xml, "<WORK><OBJECT>");
    write_id(&xml, "", NULL);
    xml_raw(&xml, "</OBJECT><RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST>");
    write_template_right(&xml, "OWNER", "Internal", "Owner", NULL, 0);
    write_template_right(&xml, "VIEW", "Unspecified", NULL, p->user, p->interval_days);
    xml_raw(&xml, "</RIGHTSLIST></RIGHTSGROUP></WORK>");
    write_app_data(&xml, p->app_data_name, p->app_data_value);
    return finish(&xml, hr, signer);
}

char *build_revocation_list(const struct revocation_list_params *p, EVP_PKEY *signer)
{
    struct xml_text xml;
    xml_text_init(&xml);
    HRESULT hr = write_head(&xml, &(struct head){.body_type = "LICENSE",
                                                 .issued_time = p->issued_time,
                                                 .descriptor_type = "Revocation-List",
                                                 .guid = p->guid,
                                                 .issuer = p->issuer});
    xml_raw(&xml, "<REVOCATIONLIST type=\"revocation-list\">");
    if (p->revoked_license_id != NULL) {
        xml_raw(&xml, "<REVOKE category=\"license\" type=\"license-id\">");
        write_object(&xml, NULL, "MS-GUID", p->revoked_license_id, NULL, NULL);
        xml_raw(&xml, "</REVOKE>");
    }
    if (p->revoked_content_id != NULL) {
        xml_raw(&xml, "<REVOKE category=\"content\" type=\"content-id\">");
        write_object(&xml, NULL, "MS-GUID", p->revoked_content_id, NULL, NULL);
        xml_raw(&xml, "</REVOKE>");
    }
    if (p->revoked_key != NULL) {
        xml_raw(&xml, "<REVOKE category=\"principal\" type=\"principal-key\">");
        keep(&hr, xrml_write_public_key(&xml, p->revoked_key));
        xml_raw(&xml, "</REVOKE>");
    }
    xml_raw(&xml, "</REVOCATIONLIST>");
    return finish(&xml, hr, signer);
}

/* --- the ready-made hierarchy -------------------------------------------------- */

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

void xrml_time_from_now(long long seconds, char text[17])
{
    struct tm utc;
    platform_gmtime((int64_t)time(NULL) + seconds, &utc);
    char formatted[64];
    snprintf(formatted, sizeof formatted, "%04d-%02d-%02dT%02d:%02d", utc.tm_year + 1900,
             utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min);
    memcpy(text, formatted, 16);
    text[16] = '\0';
}

#define TEST_USER_SID "S-1-5-21-1111111111-2222222222-3333333333-1001"
#define TEST_USER "user@openmsdrm.test"

static void define_parties(struct xrml_test_pki *k)
{
    /* The root signs itself: issuer and principal share the CA key. */
    k->root = (struct xrml_party){"DRM-Certificate-Authority",
                                  "ascii-tag",
                                  "openmsdrm Test Root",
                                  "openmsdrm Test Root",
                                  NULL,
                                  k->ca_key,
                                  {{NULL, NULL}}};
    k->ca = (struct xrml_party){"DRM-Certificate-Authority",
                                "ascii-tag",
                                "openmsdrm Test CA",
                                "openmsdrm Test CA",
                                NULL,
                                k->ca_key,
                                {{NULL, NULL}}};
    k->slc = (struct xrml_party){"MS-DRM-Server",
                                 "MS-GUID",
                                 k->slc_guid,
                                 "TEST-RMS",
                                 "http://rms.openmsdrm.test/_wmcs",
                                 k->slc_key,
                                 {{"Server-Version", "6.0.0.0"}, {"Server-SKU", "RMS 2.0"}}};
    k->spc_issuer =
        (struct xrml_party){"MS-DRM-Desktop-Security-Processor",
                            "MS-GUID",
                            k->spc_issuer_guid,
                            "openmsdrm Test Desktop Security Processor Activation Certificate",
                            NULL,
                            k->spc_issuer_key,
                            {{NULL, NULL}}};
    k->machine = (struct xrml_party){"Machine-Unique-Identifier",
                                     "MS-GUID",
                                     k->machine_guid,
                                     "Machine",
                                     NULL,
                                     k->machine_key,
                                     {{"Platform", "2.6.1.7600"},
                                      {"Manufacturer", "openmsdrm tests"},
                                      {"Repository", "openmsdrm test repository"}}};
    k->user_rac = (struct xrml_party){
        "Group-Identity", "Windows", TEST_USER_SID, TEST_USER, NULL, k->rac_key, {{NULL, NULL}}};
    k->user_clc = k->user_rac;
    k->user_clc.key = k->clc_key;
}

static bool build_documents(struct xrml_test_pki *k)
{
    char guid[39];
    xrml_random_guid(guid);
    struct issuing_certificate_params root = {
        "DRM-CA-Certificate", guid, k->issued, k->before, k->until, &k->root, NULL, &k->ca};
    k->ca_certificate = build_issuing_certificate(&root, k->ca_key);
    xrml_random_guid(guid);
    struct issuing_certificate_params slc = {
        "Server-Licensor-Certificate",   guid,   k->issued, k->before, k->until, &k->ca,
        "http://rms.openmsdrm.test/cps", &k->slc};
    k->slc_certificate = build_issuing_certificate(&slc, k->ca_key);
    xrml_random_guid(guid);
    struct machine_certificate_params spc = {guid, k->issued, &k->spc_issuer, &k->machine};
    k->machine_certificate = build_machine_certificate(&spc, k->spc_issuer_key);
    xrml_random_guid(guid);
    struct rights_account_certificate_params rac = {
        guid,         k->issued,  k->before,
        k->until,     &k->slc,    "http://rms.openmsdrm.test/_wmcs/certification",
        &k->user_rac, &k->machine};
    k->rac = build_rights_account_certificate(&rac, k->slc_key);
    xrml_random_guid(guid);
    struct client_licensor_certificate_params clc = {
        guid,        k->issued, k->before,
        k->until,    &k->slc,   "http://rms.openmsdrm.test/_wmcs/licensing",
        &k->user_clc};
    k->clc = build_client_licensor_certificate(&clc, k->slc_key);
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
    xrml_time_from_now(-24 * 3600, k->before);
    xrml_time_from_now(0, k->issued);
    xrml_time_from_now(365LL * 24 * 3600, k->until);
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

char *xrml_test_end_user_license(const struct xrml_test_pki *k, const char *content_id)
{
    static const char *const rights[] = {"VIEW", "EDIT", "OWNER"};
    char guid[39];
    xrml_random_guid(guid);
    struct end_user_license_params eul = {
        .guid = guid,
        .issued_time = k->issued,
        .issuer = &k->slc,
        .user = &k->user_rac,
        .content_id = content_id,
        .content_type = "ContentType",
        .content_name = "ContentName",
        .owner = TEST_USER,
        .sku_type = "SKUIdType",
        .sku = "SKUId",
        .rights = rights,
        .right_count = sizeof rights / sizeof rights[0],
        .range_from = k->before,
        .range_until = k->until,
        .interval_days = 30,
        .os_min = "5.1.2600.0",
        .os_max = "6.1.7600.0",
        .excluded_application = "ApplicationName",
        .excluded_min = "1.0.0.0",
        .excluded_max = "3.0.0.0",
        .app_data_name = "SomeName",
        .app_data_value = "SomeValue",
    };
    return build_end_user_license(&eul, k->slc_key);
}

char *xrml_test_publishing_license(const struct xrml_test_pki *k, const char *content_id)
{
    char guid[39];
    xrml_random_guid(guid);
    struct publishing_license_params pl = {
        .guid = guid,
        .name = "LCID 1033:NAME Test policy:DESCRIPTION Made by the tests;",
        .issued_time = k->issued,
        .valid_from = k->before,
        .valid_until = k->until,
        .issuer = &k->user_clc,
        .sdk_version = "6.1.7600.16385",
        .licensing_url = "http://rms.openmsdrm.test/_wmcs/licensing",
        .server = &k->slc,
        .content_id = content_id,
        .content_type = "ContentType",
        .content_name = "ContentName",
        .owner = TEST_USER,
    };
    return build_publishing_license(&pl, k->clc_key);
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

WCHAR *xrml_widen(const char *utf8)
{
    return wstr_from_utf8(utf8);
}
