/*
 * Reading the spec's example documents (spec_examples.h).
 */
#include "spec_examples.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#ifndef MSDRM_SPEC_EXAMPLES
#error "MSDRM_SPEC_EXAMPLES comes from tests/CMakeLists.txt"
#endif

const char *const example_documents[] = {
    "rmpr-4.5.1-security-processor-certificate.xml",
    "rmpr-4.5.2-rms-account-certificate.xml",
    "rmpr-4.5.3-client-licensor-certificate.xml",
    "rmpr-4.5.4-publishing-license.xml",
    "rmpr-4.5.5-encrypted-rights-data.xml",
    "rmpr-4.5.6-use-license.xml",
    "rmpr-4.5.7-rights-policy-template.xml",
    "sdk-end-user-license.cleaned.xml",
    "sdk-machine-certificate.cleaned.xml",
    "sdk-offline-client-licensor-certificate.cleaned.xml",
    "sdk-offline-signed-issuance-license.cleaned.xml",
    "sdk-online-signed-issuance-license.cleaned.xml",
    "sdk-owner-license.cleaned.xml",
    "sdk-rights-account-certificate.cleaned.xml",
    "sdk-sample-template.cleaned.xml",
    "sdk-sample-template.xml",
    "wpf-truffle-publishing-license.indented.xml",
    "wpf-truffle-publishing-license.xml",
};
const size_t example_document_count = sizeof example_documents / sizeof example_documents[0];

const char *const example_verifiable[] = {
    "rmpr-4.5.1-security-processor-certificate.xml",
    "rmpr-4.5.2-rms-account-certificate.xml",
    "rmpr-4.5.3-client-licensor-certificate.xml",
    "rmpr-4.5.4-publishing-license.xml",
    "rmpr-4.5.6-use-license.xml",
    "sdk-machine-certificate.cleaned.xml",
    "wpf-truffle-publishing-license.xml",
};
const size_t example_verifiable_count = sizeof example_verifiable / sizeof example_verifiable[0];

const char *const example_not_verifiable[] = {
    "rmpr-4.5.7-rights-policy-template.xml",
    "sdk-end-user-license.cleaned.xml",
    "sdk-offline-client-licensor-certificate.cleaned.xml",
    "sdk-offline-signed-issuance-license.cleaned.xml",
    "sdk-online-signed-issuance-license.cleaned.xml",
    "sdk-owner-license.cleaned.xml",
    "sdk-rights-account-certificate.cleaned.xml",
    "sdk-sample-template.cleaned.xml",
    "wpf-truffle-publishing-license.indented.xml",
};
const size_t example_not_verifiable_count =
    sizeof example_not_verifiable / sizeof example_not_verifiable[0];

char *example_text(const char *name, size_t *length)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", MSDRM_SPEC_EXAMPLES, name);
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        fail_msg("cannot open %s", path);
    char *bytes = malloc(1 << 20);
    assert_non_null(bytes);
    *length = fread(bytes, 1, (1 << 20) - 1, file);
    fclose(file);
    bytes[*length] = '\0';
    return bytes;
}

WCHAR *example_wide(const char *name)
{
    size_t length = 0;
    char *bytes = example_text(name, &length);
    WCHAR *wide = malloc((length + 1) * sizeof(WCHAR));
    assert_non_null(wide);
    for (size_t i = 0; i <= length; i++)
        wide[i] = (WCHAR)(unsigned char)bytes[i];
    free(bytes);
    return wide;
}
