/*
 * XrML documents for tests (see test_documents.h), built by the library's
 * builders (license/license_builders.h) from models written out here.
 */
#include "test_documents.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rsa.h>

#include "xrml/xml_text.h"
#include "xrml/xrml_signing.h"
#include "xrml_builders.h"

#define TEST_ISSUER_ID "{11111111-2222-3333-4444-555555555555}"

EVP_PKEY *test_key(void)
{
    return EVP_RSA_gen(1024);
}

static char *built(HRESULT hr, char *text)
{
    return SUCCEEDED(hr) ? text : NULL;
}

char *test_issuer_certificate(EVP_PKEY *signer, EVP_PKEY *principal, const char *guid)
{
    struct xrml_test_party root, server;
    xrml_test_party_init(&root, "DRM-CA-Certificate", "MS-GUID", TEST_ISSUER_ID, "Test root", NULL,
                         signer);
    xrml_test_party_init(&server, "MS-DRM-Server", "MS-GUID", guid, "Test licensing server", NULL,
                         principal);
    return xrml_test_issuing_certificate(
        "Server-Licensor-Certificate", guid, xrml_time("2026-01-01T00:00"),
        xrml_time("2020-01-01T00:00"), xrml_time("2999-01-01T00:00"), &root.party, &server.party,
        signer);
}

char *test_manifest(EVP_PKEY *signer, const char *id, const char *issuer_name, const char *module)
{
    struct license_object descriptor = {.id_type = "MS-GUID", .id = id};
    struct xrml_test_party issuer;
    xrml_test_party_init(&issuer, "Application", "MS-GUID", TEST_ISSUER_ID, issuer_name, NULL,
                         signer);
    struct license_policy policy = {.id_type = "filename", .id = module};
    struct license_policy_list list = {"inclusion", &policy, 1};
    struct license_model model = {.issued_time = xrml_time("2026-01-01T00:00"),
                                  .descriptor = &descriptor,
                                  .issuer = &issuer.party,
                                  .policy_lists = &list,
                                  .policy_list_count = 1};
    char *text = NULL;
    HRESULT hr = license_build_application_manifest(&model, signer, &text);
    return built(hr, text);
}

char *test_issuance_license(EVP_PKEY *signer, const char *content_id)
{
    struct xrml_test_party issuer, server, owner;
    xrml_test_party_init(&issuer, "Group-Identity", "MS-GUID", TEST_ISSUER_ID, "Client licensor",
                         NULL, signer);
    xrml_test_party_init(&server, "MS-DRM-Server", "MS-GUID",
                         "{99999999-2222-3333-4444-555555555555}", NULL, NULL, NULL);
    server.party.internal_id = "1";
    xrml_test_party_init(&owner, NULL, "Windows", NULL, "owner@example.com", NULL, NULL);
    struct license_object content = {.id_type = "MS-GUID", .id = content_id};
    struct license_work work = {.object = &content, .owner = &owner.party};
    struct license_data rights_data = {.id = "Encrypted-Rights-Data", .value = "AAAA"};
    struct license_model model = {.issued_time = xrml_time("2026-01-01T00:00"),
                                  .issuer = &issuer.party,
                                  .principals = &server.party,
                                  .principal_count = 1,
                                  .works = &work,
                                  .work_count = 1,
                                  .data = &rights_data,
                                  .data_count = 1};
    char *text = NULL;
    HRESULT hr = license_build_publishing_license(&model, signer, &text);
    return built(hr, text);
}

/* `text` with its first `from` replaced by `to` (any lengths), or NULL. */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (at == NULL)
        return NULL;
    size_t before = (size_t)(at - text), length = strlen(text) - strlen(from) + strlen(to);
    char *result = malloc(length + 1);
    if (result == NULL)
        return NULL;
    memcpy(result, text, before);
    strcpy(result + before, to);
    strcat(result, at + strlen(from));
    return result;
}

/* Signs the BODY of an unsigned document again (NULL on failure): for
 * documents no builder writes, such as one whose time is not a time. */
static char *signed_again(const char *unsigned_text, EVP_PKEY *signer)
{
    const char *end = strstr(unsigned_text, "</BODY>");
    if (end == NULL)
        return NULL;
    struct xml_text xml;
    xml_text_init(&xml);
    size_t length = (size_t)(end - unsigned_text) + strlen("</BODY>");
    char *body = malloc(length + 1);
    if (body != NULL) {
        memcpy(body, unsigned_text, length);
        body[length] = '\0';
        xml_raw(&xml, body);
    }
    bool copied = body != NULL;
    free(body);
    if (!copied || FAILED(xrml_sign(&xml, signer))) {
        xml_text_free(&xml);
        return NULL;
    }
    return xml.text;
}

/* What stands in for a VALIDITYTIME UNTIL that is not a time. */
#define PLACEHOLDER_TIME "1999-09-09T09:09"

char *test_end_user_license(EVP_PKEY *signer, const char *license_id, const char *content_id,
                            const char *valid_until, const char *right_until, int open_right)
{
    SYSTEMTIME parsed;
    bool not_a_time = valid_until != NULL && !xrml_parse_time(valid_until, &parsed);
    struct license_object descriptor = {.id_type = "MS-GUID", .id = license_id};
    struct xrml_test_party issuer, reader;
    xrml_test_party_init(&issuer, "MS-DRM-Server", "MS-GUID", TEST_ISSUER_ID,
                         "Test licensing server", NULL, signer);
    xrml_test_party_init(&reader, "Group-Identity", "Windows", "S-1-5-21-1", "reader@example.com",
                         NULL, NULL);
    reader.party.internal_id = "1";
    struct license_party issued_principal = {.internal_id = "1"};
    struct license_access access = {&issued_principal, 1};
    struct license_right rights[2] = {
        {.name = "VIEW", .conditions = {.access = &access, .access_count = 1}},
        {.name = "EDIT", .conditions = {.access = &access, .access_count = 1}},
    };
    if (right_until != NULL) {
        rights[0].conditions.range_from = xrml_time("2020-01-01T00:00");
        rights[0].conditions.range_until = xrml_time(right_until);
    }
    struct license_rights_group group = {
        .name = "Main-Rights", .rights = rights, .right_count = open_right ? 2 : 1};
    struct license_object content = {.id_type = "MS-GUID", .id = content_id};
    struct license_work work = {.object = &content, .groups = &group, .group_count = 1};
    struct license_model model = {.issued_time = xrml_time("2026-01-01T00:00"),
                                  .descriptor = &descriptor,
                                  .issuer = &issuer.party,
                                  .principals = &reader.party,
                                  .principal_count = 1,
                                  .works = &work,
                                  .work_count = 1};
    if (valid_until != NULL) {
        model.valid_from = xrml_time("2020-01-01T00:00");
        model.valid_until = xrml_time(not_a_time ? PLACEHOLDER_TIME : valid_until);
    }
    char *text = NULL;
    HRESULT hr = license_build_end_user_license(&model, not_a_time ? NULL : signer, &text);
    if (FAILED(hr) || !not_a_time)
        return built(hr, text);
    char *changed = replaced(text, PLACEHOLDER_TIME, valid_until);
    free(text);
    char *result = changed != NULL && signer != NULL ? signed_again(changed, signer) : changed;
    if (result != changed)
        free(changed);
    return result;
}

char *test_revocation_list(EVP_PKEY *signer, const char *id)
{
    struct license_object descriptor = {.id_type = "MS-GUID", .id = id};
    struct xrml_test_party authority;
    xrml_test_party_init(&authority, "Revocation-Authority", "MS-GUID", TEST_ISSUER_ID,
                         "Test revocation authority", NULL, signer);
    struct license_object content = {.id_type = "MS-GUID",
                                     .id = "{00000000-0000-0000-0000-00000000000A}"};
    struct license_revoke revoke = {"content", "content-id", {.object = &content}};
    struct license_model model = {.issued_time = xrml_time("2026-01-01T00:00"),
                                  .descriptor = &descriptor,
                                  .issuer = &authority.party,
                                  .has_revocation_list = true,
                                  .revocations = &revoke,
                                  .revocation_count = 1};
    char *text = NULL;
    HRESULT hr = license_build_revocation_list(&model, signer, &text);
    return built(hr, text);
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
