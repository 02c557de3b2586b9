/*
 * openmsdrm - signing XrML documents and writing RSA public keys, exactly
 * as spec/xrml.md §5-6 describe: SHA-1 over the UTF-16LE text of the BODY
 * element, RSASSA-PKCS1-v1_5, base64 of the big-endian signature; moduli
 * as base64 of their little-endian bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_XRML_SIGNING_H
#define MSDRM_XRML_SIGNING_H

#include <openssl/evp.h>

#include "xrml/xml_text.h"

/* Appends <PUBLICKEY>…</PUBLICKEY> for an RSA key. */
HRESULT xrml_write_public_key(struct xml_text *xml, EVP_PKEY *key);

/*
 * `document` holds `<XrML …><BODY …>…</BODY>`: signs the BODY's text with
 * `key` and appends the SIGNATURE element and `</XrML>`.
 */
HRESULT xrml_sign(struct xml_text *document, EVP_PKEY *key);

/*
 * SHA-1 of `length` bytes of UTF-8 as UTF-16LE (the digest of spec/xrml.md
 * §5); the text must be NUL-terminated at or after `length` bytes.
 * E_DRM_INVALID_LICENSE when it is not valid UTF-8.
 */
HRESULT xrml_utf16_sha1(const char *utf8, size_t length, unsigned char digest[20]);

/* SHA-1 of the BODY element's text (from `<BODY` through `</BODY>`) of a
 * UTF-8 document, as UTF-16LE; E_DRM_INVALID_LICENSE without a BODY. */
HRESULT xrml_body_digest(const char *document, unsigned char digest[20]);

#endif /* MSDRM_XRML_SIGNING_H */
