/*
 * libFuzzer target: the license model and its builders on arbitrary
 * input (read as UTF-8). Whatever parses is read into the model; every
 * builder that takes the model (it may refuse one without the ID it
 * needs) writes a document that parses, reads back and builds again to
 * the same text: writing and reading agree on everything written, and
 * nothing read from hostile input makes a builder write what is not
 * XrML. Aborts when that breaks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "license/license_builders.h"
#include "license/license_model.h"
#include "xrml/xrml_document.h"
#include "msdrmerror.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void build_twice(license_builder build, const struct license_model *model)
{
    char *text = NULL;
    HRESULT hr = build(model, NULL, &text);
    if (hr == E_INVALIDARG)
        return; /* an ID it needs is missing, a time it cannot write */
    if (hr != S_OK)
        abort(); /* only memory can fail, and the fuzzer has enough */
    struct xrml_document *document = NULL;
    if (xrml_parse_utf8(text, strlen(text), &document) != S_OK)
        abort(); /* we wrote what we cannot read */
    struct license_model again;
    char *second = NULL;
    if (license_model_read(document, &again) != S_OK || build(&again, NULL, &second) != S_OK ||
        strcmp(text, second) != 0)
        abort(); /* what we read back is not what we wrote */
    free(second);
    license_model_clear(&again);
    xrml_document_unref(document);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xrml_document *document = NULL;
    if (xrml_parse_utf8((const char *)data, size, &document) != S_OK)
        return 0;
    struct license_model model;
    if (license_model_read(document, &model) != S_OK)
        abort();
    int64_t end = 0;
    (void)license_rights_end(&model, &end);
    for (size_t i = 0; i < license_builder_count; i++)
        build_twice(license_builders[i], &model);
    license_model_clear(&model);
    xrml_document_unref(document);
    return 0;
}
