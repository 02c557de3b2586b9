/*
 * libFuzzer target: certificate-chain splitting on arbitrary input (bytes
 * read as UTF-16LE units, NUL-terminated). Every document a chain yields
 * must itself be a one-document chain, and joining them must give a chain
 * of the same count.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "msdrm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WCHAR *chain = fuzz_input_wide(data, size);
    if (chain == NULL)
        return 0;

    UINT count = 0;
    if (DRMGetCertificateChainCount(chain, &count) == S_OK) {
        PWSTR *documents = calloc(count, sizeof *documents);
        for (UINT i = 0; documents != NULL && i < count; i++) {
            UINT length = 0;
            if (DRMDeconstructCertificateChain(chain, i, &length, NULL) != S_OK)
                abort();
            documents[i] = malloc(length * sizeof(WCHAR));
            UINT one = 0;
            if (documents[i] == NULL ||
                DRMDeconstructCertificateChain(chain, i, &length, documents[i]) != S_OK ||
                DRMGetCertificateChainCount(documents[i], &one) != S_OK || one != 1)
                abort();
        }
        UINT joined_length = 0;
        if (documents != NULL &&
            DRMConstructCertificateChain(count, documents, &joined_length, NULL) != S_OK)
            abort();
        for (UINT i = 0; documents != NULL && i < count; i++)
            free(documents[i]);
        free(documents);
    }
    free(chain);
    return 0;
}
