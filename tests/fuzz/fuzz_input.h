/*
 * A fuzz input as a NUL-terminated UTF-16 string: its bytes read as
 * little-endian units (an odd last byte is dropped). Free with free.
 */
#ifndef MSDRM_FUZZ_INPUT_H
#define MSDRM_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "msdrmdefs.h"

static inline WCHAR *fuzz_input_wide(const uint8_t *data, size_t size)
{
    size_t units = size / 2;
    WCHAR *text = malloc((units + 1) * sizeof(WCHAR));
    if (text == NULL)
        return NULL;
    for (size_t i = 0; i < units; i++)
        text[i] = (WCHAR)(data[2 * i] | data[2 * i + 1] << 8);
    text[units] = 0;
    return text;
}

#endif /* MSDRM_FUZZ_INPUT_H */
