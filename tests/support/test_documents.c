/*
 * XrML documents for tests (see test_documents.h).
 */
#include "test_documents.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>

#include "xrml/xml_text.h"
#include "xrml/xrml_signing.h"
#include "xrml_builders.h"

EVP_PKEY *test_key(void)
{
    return EVP_RSA_gen(1024);
}

/* Signs (or closes, unsigned) and hands the text over; NULL on failure. */
static char *finish(struct xml_text *xml, EVP_PKEY *signer)
{
    HRESULT hr = S_OK;
    if (signer != NULL)
        hr = xrml_sign(xml, signer);
    else
        xml_raw(xml, "</XrML>");
    if (FAILED(hr) || FAILED(xml_text_status(xml))) {
        xml_text_free(xml);
        return NULL;
    }
    return xml->text;
}

static void object(struct xml_text *xml, const char *type, const char *id_type, const char *id,
                   const char *name)
{
    xml_open(xml, "OBJECT");
    if (type != NULL)
        xml_attribute(xml, "type", type);
    xml_open_end(xml);
    xml_open(xml, "ID");
    xml_attribute(xml, "type", id_type);
    xml_open_end(xml);
    xml_escaped(xml, id);
    xml_close(xml, "ID");
    if (name != NULL)
        xml_element(xml, "NAME", name);
    xml_close(xml, "OBJECT");
}

/* <ISSUER> with the signer's key (or none for unsigned documents). */
static void issuer(struct xml_text *xml, EVP_PKEY *signer, const char *type, const char *name)
{
    xml_raw(xml, "<ISSUER>");
    object(xml, type, "MS-GUID", "{11111111-2222-3333-4444-555555555555}", name);
    if (signer != NULL)
        xrml_write_public_key(xml, signer);
    xml_raw(xml, "</ISSUER>");
}

char *test_issuer_certificate(EVP_PKEY *signer, EVP_PKEY *principal, const char *guid)
{
    struct xrml_party root = {
        "DRM-CA-Certificate", "MS-GUID", "{11111111-2222-3333-4444-555555555555}",
        "Test root",          NULL,      signer,
        {{NULL, NULL}}};
    struct xrml_party server = {"MS-DRM-Server", "MS-GUID",     guid, "Test licensing server", NULL,
                                principal,       {{NULL, NULL}}};
    struct issuing_certificate_params params = {"Server-Licensor-Certificate",
                                                guid,
                                                "2026-01-01T00:00",
                                                "2020-01-01T00:00",
                                                "2999-01-01T00:00",
                                                &root,
                                                NULL,
                                                &server};
    return build_issuing_certificate(&params, signer);
}

char *test_manifest(EVP_PKEY *signer, const char *id, const char *issuer_name, const char *module)
{
    struct xml_text xml;
    xml_text_init(&xml);
    xml_raw(&xml, "<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"Microsoft Rights Manifest\" "
                  "version=\"3.0\"><ISSUEDTIME>2026-01-01T00:00</ISSUEDTIME><DESCRIPTOR>");
    object(&xml, "Application-Manifest", "MS-GUID", id, NULL);
    xml_raw(&xml, "</DESCRIPTOR>");
    issuer(&xml, signer, "Application", issuer_name);
    xml_raw(&xml, "<POLICYLIST type=\"inclusion\"><POLICY>");
    object(&xml, NULL, "filename", module, NULL);
    xml_raw(&xml, "</POLICY></POLICYLIST></BODY>");
    return finish(&xml, signer);
}

char *test_issuance_license(EVP_PKEY *signer, const char *content_id)
{
    struct xml_text xml;
    xml_text_init(&xml);
    xml_raw(&xml, "<XrML version=\"1.2\" xmlns=\"\"><BODY type=\"Microsoft Rights Label\" "
                  "version=\"3.0\"><ISSUEDTIME>2026-01-01T00:00</ISSUEDTIME>");
    issuer(&xml, signer, "Group-Identity", "Client licensor");
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    object(&xml, "MS-DRM-Server", "MS-GUID", "{99999999-2222-3333-4444-555555555555}", NULL);
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS><WORK>");
    object(&xml, NULL, "MS-GUID", content_id, NULL);
    xml_raw(&xml, "<METADATA><OWNER><OBJECT><ID type=\"Windows\" /><NAME>owner@example.com</NAME>"
                  "</OBJECT></OWNER></METADATA></WORK><AUTHENTICATEDDATA "
                  "id=\"Encrypted-Rights-Data\">AAAA</AUTHENTICATEDDATA></BODY>");
    return finish(&xml, signer);
}

static void right(struct xml_text *xml, const char *name, const char *until)
{
    xml_raw(xml, "<");
    xml_raw(xml, name);
    xml_raw(xml, "><CONDITIONLIST><ACCESS><PRINCIPAL internal-id=\"1\" /></ACCESS>");
    if (until != NULL) {
        xml_raw(xml, "<TIME><RANGETIME><FROM>2020-01-01T00:00</FROM>");
        xml_element(xml, "UNTIL", until);
        xml_raw(xml, "</RANGETIME></TIME>");
    }
    xml_raw(xml, "</CONDITIONLIST></");
    xml_raw(xml, name);
    xml_raw(xml, ">");
}

char *test_end_user_license(EVP_PKEY *signer, const char *license_id, const char *content_id,
                            const char *valid_until, const char *right_until, int open_right)
{
    struct xml_text xml;
    xml_text_init(&xml);
    xml_raw(&xml, "<XrML xmlns=\"\" version=\"1.2\" purpose=\"Content-License\"><BODY "
                  "type=\"LICENSE\" version=\"3.0\"><ISSUEDTIME>2026-01-01T00:00</ISSUEDTIME>");
    if (valid_until != NULL) {
        xml_raw(&xml, "<VALIDITYTIME><FROM>2020-01-01T00:00</FROM>");
        xml_element(&xml, "UNTIL", valid_until);
        xml_raw(&xml, "</VALIDITYTIME>");
    }
    xml_raw(&xml, "<DESCRIPTOR>");
    object(&xml, "Content-License", "MS-GUID", license_id, NULL);
    xml_raw(&xml, "</DESCRIPTOR>");
    issuer(&xml, signer, "MS-DRM-Server", "Test licensing server");
    xml_raw(&xml, "<ISSUEDPRINCIPALS><PRINCIPAL internal-id=\"1\">");
    object(&xml, "Group-Identity", "Windows", "S-1-5-21-1", "reader@example.com");
    xml_raw(&xml, "</PRINCIPAL></ISSUEDPRINCIPALS><WORK>");
    object(&xml, NULL, "MS-GUID", content_id, NULL);
    xml_raw(&xml, "<RIGHTSGROUP name=\"Main-Rights\"><RIGHTSLIST>");
    right(&xml, "VIEW", right_until);
    if (open_right)
        right(&xml, "EDIT", NULL);
    xml_raw(&xml, "</RIGHTSLIST></RIGHTSGROUP></WORK></BODY>");
    return finish(&xml, signer);
}

char *test_revocation_list(EVP_PKEY *signer, const char *id)
{
    struct xrml_party authority = {"Revocation-Authority",
                                   "MS-GUID",
                                   "{11111111-2222-3333-4444-555555555555}",
                                   "Test revocation authority",
                                   NULL,
                                   signer,
                                   {{NULL, NULL}}};
    struct revocation_list_params params = {
        id, "2026-01-01T00:00", &authority, NULL, "{00000000-0000-0000-0000-00000000000A}", NULL};
    return build_revocation_list(&params, signer);
}

char *test_join(const char *a, const char *b)
{
    const char *const documents[] = {a, b, NULL};
    return xrml_concatenate(documents);
}

WCHAR *test_wide(const char *utf8)
{
    return xrml_widen(utf8);
}

void test_tamper(char *text, const char *from, const char *to)
{
    char *at = strstr(text, from);
    if (at != NULL && strlen(from) == strlen(to))
        memcpy(at, to, strlen(to));
}
