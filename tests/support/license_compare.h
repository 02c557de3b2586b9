/*
 * Comparing license models field by field in tests: what a builder was
 * given against what license_model_read reads back from its document.
 */
#ifndef MSDRM_TEST_LICENSE_COMPARE_H
#define MSDRM_TEST_LICENSE_COMPARE_H

#include "license/license_model.h"

/*
 * Fails the test, naming the field, unless `read` holds everything
 * `built` does and nothing else: strings, times, keys (the same RSA key;
 * a built key reads back as a key), counts and every element of every
 * array. The fields builders decide themselves are not compared: kind,
 * BODY type and version, the DESCRIPTOR's OBJECT@type, has_signature,
 * has_public_key; nor the `malformed` flags, which only reading sets.
 */
void assert_license_models_equal(const struct license_model *built,
                                 const struct license_model *read);

#endif /* MSDRM_TEST_LICENSE_COMPARE_H */
