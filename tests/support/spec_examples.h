/*
 * The spec's example XrML documents (spec/xrml-examples), read by tests
 * as test vectors. The folder comes from MSDRM_SPEC_EXAMPLES, set by
 * tests/CMakeLists.txt for the tests that use them.
 */
#ifndef MSDRM_TEST_SPEC_EXAMPLES_H
#define MSDRM_TEST_SPEC_EXAMPLES_H

#include <stddef.h>

#include "msdrmdefs.h"

/* The example's bytes (UTF-8), NUL-terminated, in a heap buffer the caller
 * frees; the test fails if it cannot be read. */
char *example_text(const char *name, size_t *length);

/* The example as a heap UTF-16 string (the examples are ASCII). */
WCHAR *example_wide(const char *name);

/* Every well-formed example document (the .xml files). */
extern const char *const example_documents[];
extern const size_t example_document_count;

/* The documents whose signature verifies with their own ISSUER key and
 * whose BODY hashes to their DIGEST (spec/xrml-examples/README.md). */
extern const char *const example_verifiable[];
extern const size_t example_verifiable_count;

/* Documents that parse but must not verify: an inconsistent example,
 * bodies edited for the documentation, a re-indented body. */
extern const char *const example_not_verifiable[];
extern const size_t example_not_verifiable_count;

#endif /* MSDRM_TEST_SPEC_EXAMPLES_H */
