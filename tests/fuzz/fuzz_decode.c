/*
 * libFuzzer target: DRMDecode and DRMEncode on arbitrary input. The bytes
 * are read as UTF-16LE units, NUL-terminated; whatever DRMDecode accepts
 * must encode back to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "msdrm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WCHAR *text = fuzz_input_wide(data, size);
    if (text == NULL)
        return 0;

    static WCHAR base64[] = {'b', 'a', 's', 'e', '6', '4', 0};
    UINT length = 0;
    if (DRMDecode(base64, text, &length, NULL) == S_OK) {
        BYTE *decoded = malloc(length > 0 ? length : 1);
        if (decoded != NULL && DRMDecode(base64, text, &length, decoded) == S_OK) {
            UINT size_bytes = 0;
            if (DRMEncode(base64, length, decoded, &size_bytes, NULL) != S_OK)
                abort();
            WCHAR *again = malloc(size_bytes);
            if (again != NULL && DRMEncode(base64, length, decoded, &size_bytes, again) == S_OK &&
                memcmp(again, text, size_bytes) != 0)
                abort(); /* canonical base64 must round-trip exactly */
            free(again);
        }
        free(decoded);
    }
    free(text);
    return 0;
}
