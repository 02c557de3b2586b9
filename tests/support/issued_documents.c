/*
 * Documents a server issues, for tests (see issued_documents.h).
 */
#include "issued_documents.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "license/license_builders.h"
#include "license/sealed_private_key.h"
#include "util/base64.h"
#include "xrml/xrml_document.h"

/*
 * Builds `m` twice: once to learn its ISSUER's hash (the ISSUER does not
 * hold the bits), then with `bits` holding `key` sealed to `recipient`.
 */
static char *build_sealed(struct xrml_test_model *m, license_builder build, EVP_PKEY *signer,
                          struct license_enabling_bits *bits, EVP_PKEY *recipient, EVP_PKEY *key,
                          int wrong_hash)
{
    char *first = NULL, *text = NULL, *value = NULL;
    uint8_t hash[ENABLING_BITS_HASH_SIZE] = {0};
    if (FAILED(build(&m->model, signer, &first)) ||
        FAILED(sealed_private_key_issuer_hash(first, strlen(first), hash)))
        goto done;
    if (wrong_hash)
        hash[0] ^= 0x5A;
    if (FAILED(sealed_private_key_seal(recipient, key, hash, &value)))
        goto done;
    bits->type = "sealed-key";
    bits->value = value;
    if (FAILED(build(&m->model, signer, &text)))
        text = NULL;
done:
    free(first);
    free(value);
    return text;
}

char *issued_rac(const struct xrml_test_pki *pki, EVP_PKEY *signer, EVP_PKEY *machine_key,
                 const char *machine_id, int64_t from, int64_t until, int wrong_hash)
{
    struct xrml_test_model m;
    char *text = NULL;
    if (xrml_test_rights_account_certificate_model(&m, pki)) {
        m.model.valid_from = from;
        m.model.valid_until = until;
        struct license_party *machine = (struct license_party *)m.model.federation_principals;
        struct license_object *object = xrml_test_part(&m, sizeof *object);
        if (object != NULL) {
            *object = *machine->object;
            object->id = xrml_test_text(&m, machine_id);
            machine->object = object;
            text = build_sealed(&m, license_build_rights_account_certificate, signer,
                                &machine->enabling_bits, machine_key, pki->rac_key, wrong_hash);
        }
    }
    xrml_test_model_free(&m);
    return text;
}

char *issued_clc(const struct xrml_test_pki *pki, EVP_PKEY *signer, EVP_PKEY *rac_key)
{
    struct xrml_test_model m;
    char *text = NULL;
    if (xrml_test_client_licensor_certificate_model(&m, pki)) {
        const struct license_right *issue = &m.model.works[0].groups[0].rights[0];
        struct license_party *holder =
            (struct license_party *)&issue->conditions.access[0].principals[0];
        text = build_sealed(&m, license_build_client_licensor_certificate, signer,
                            &holder->enabling_bits, rac_key, pki->clc_key, 0);
    }
    xrml_test_model_free(&m);
    return text;
}

char *issued_template(const struct xrml_test_pki *pki, EVP_PKEY *signer, const char *guid,
                      unsigned days)
{
    struct xrml_test_model m;
    char *text = NULL;
    if (xrml_test_rights_template_model(&m, pki, ISSUED_USER, days)) {
        struct license_object *descriptor = xrml_test_part(&m, sizeof *descriptor);
        if (descriptor != NULL) {
            *descriptor = *m.model.descriptor;
            descriptor->id = xrml_test_text(&m, guid);
            m.model.descriptor = descriptor;
            if (FAILED(license_build_rights_template(&m.model, signer, &text)))
                text = NULL;
        }
    }
    xrml_test_model_free(&m);
    return text;
}

char *issued_chain_of(const struct xrml_test_pki *pki, const char *leaf)
{
    const char *documents[] = {leaf, pki->slc_certificate, pki->ca_certificate, NULL};
    return leaf != NULL ? xrml_concatenate(documents) : NULL;
}

EVP_PKEY *issued_machine_key(const char *certificate, char machine_id[64])
{
    struct xrml_document *document = NULL;
    EVP_PKEY *key = NULL;
    machine_id[0] = '\0';
    if (FAILED(xrml_parse_utf8(certificate, strlen(certificate), &document)))
        return NULL;
    const char *id =
        xrml_text(xrml_select_first(document->body, "ISSUEDPRINCIPALS/PRINCIPAL/OBJECT/ID"));
    if (id != NULL && strlen(id) < 64 && SUCCEEDED(xrml_principal_key(document, &key)))
        strcpy(machine_id, id);
    xrml_document_unref(document);
    return key;
}

char *issued_server_public_key(EVP_PKEY *key)
{
    unsigned char *der = NULL;
    int length = i2d_PublicKey(key, &der);
    char *text = NULL;
    if (length > 0 && FAILED(base64_encode_new(der, (size_t)length, &text)))
        text = NULL;
    OPENSSL_free(der);
    return text;
}

char *issued_template_hash(const char *template_text)
{
    struct xrml_document *document = NULL;
    char *hash = NULL;
    if (FAILED(xrml_parse_utf8(template_text, strlen(template_text), &document)))
        return NULL;
    const char *value = xrml_text(xrml_select_first(document->root, "SIGNATURE/DIGEST/VALUE"));
    if (value != NULL && (hash = malloc(strlen(value) + 1)) != NULL)
        strcpy(hash, value);
    xrml_document_unref(document);
    return hash;
}
