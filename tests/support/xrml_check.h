/*
 * Checking XrML signatures in tests, independently of the library
 * (xrml_check.c).
 */
#ifndef MSDRM_TEST_XRML_CHECK_H
#define MSDRM_TEST_XRML_CHECK_H

enum xrml_check {
    XRML_VALID,
    XRML_NOT_XML,      /* libxml2 refuses it */
    XRML_MALFORMED,    /* no BODY, key, digest or signature where expected */
    XRML_BAD_DIGEST,   /* the BODY text does not hash to the DIGEST */
    XRML_BAD_SIGNATURE /* the SIGNATURE does not verify with the key */
};

/* The signer's modulus for self-signed machine certificates. */
#define XRML_ISSUER_MODULUS "/XrML/BODY/ISSUER/PUBLICKEY/PARAMETER[@name='modulus']/VALUE"

/* Checks `document` (UTF-8) against the modulus at XPath `key_path`. */
enum xrml_check xrml_check_signature(const char *document, const char *key_path);

#endif /* MSDRM_TEST_XRML_CHECK_H */
