/*
 * Changing a BODY one byte at a time (body_changes.h).
 */
#include "body_changes.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>

#include <cmocka.h>

size_t each_body_byte_changed(char *text, size_t length,
                              void (*parsed_check)(struct xrml_document *changed, size_t at,
                                                   void *context),
                              void (*text_check)(const char *changed, size_t at, void *context),
                              void *context, size_t *body_bytes)
{
    struct xrml_document *original = NULL;
    assert_int_equal(xrml_parse_utf8(text, length, &original), S_OK);
    size_t start = original->body_start, end = start + original->body_length;
    xrml_document_unref(original);
    size_t parsed = 0;
    for (size_t at = start; at < end; at++) {
        char saved = text[at];
        text[at] = saved == 'A' ? 'B' : 'A';
        struct xrml_document *changed = NULL;
        if (xrml_parse_utf8(text, length, &changed) == S_OK) {
            parsed++;
            parsed_check(changed, at, context);
            xrml_document_unref(changed);
        }
        if (text_check != NULL)
            text_check(text, at, context);
        text[at] = saved;
    }
    *body_bytes = end - start;
    return parsed;
}
