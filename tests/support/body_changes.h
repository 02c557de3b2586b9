/*
 * "A one-byte change anywhere in a signed body fails verification"
 * (issue 5): changes each byte of a document's BODY in turn and hands
 * every changed text that still parses to a check.
 */
#ifndef MSDRM_TEST_BODY_CHANGES_H
#define MSDRM_TEST_BODY_CHANGES_H

#include <stddef.h>

#include "xrml/xrml_document.h"

/*
 * For each byte of the BODY of `text` (`length` bytes of UTF-8, changed in
 * place and put back): `parsed_check` with the changed document when it
 * still parses, then `text_check` (may be NULL) with the changed text,
 * `at` being the byte's offset. Returns how many changed texts parsed and
 * stores how many bytes the BODY has.
 */
size_t each_body_byte_changed(char *text, size_t length,
                              void (*parsed_check)(struct xrml_document *changed, size_t at,
                                                   void *context),
                              void (*text_check)(const char *changed, size_t at, void *context),
                              void *context, size_t *body_bytes);

#endif /* MSDRM_TEST_BODY_CHANGES_H */
