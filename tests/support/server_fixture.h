/*
 * Test conveniences for msdrm-server in-process (src/server/server.h):
 * a server on a fresh folder, the machine certificates our DLL makes
 * (client/machine_identity.c, the real code), requests built as
 * spec/rmpr.md §8 builds them (by hand, not with net/'s writers, so that
 * the server is checked against the documented shape), and responses
 * read with libxml2 and XPath, independently of net/'s readers.
 *
 * Native only. Functions that cannot go on fail the test (cmocka).
 */
#ifndef MSDRM_TEST_SERVER_FIXTURE_H
#define MSDRM_TEST_SERVER_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

#include "server/server.h"

/* The service namespaces (spec/rmpr.md §2.3). */
#define NS_CERTIFICATION "http://microsoft.com/DRM/CertificationService"
#define NS_PUBLISHING "http://microsoft.com/DRM/PublishingService"
#define NS_SERVER "http://microsoft.com/DRM/ServerService"
#define NS_LICENSING "http://microsoft.com/DRM/LicensingService"
#define NS_TEMPLATES "http://microsoft.com/DRM/TemplateDistributionService"

/* The paths (spec/rmpr.md §3). */
#define PATH_CERTIFY "/_wmcs/certification/certification.asmx"
#define PATH_PUBLISH "/_wmcs/licensing/publish.asmx"
#define PATH_LICENSE "/_wmcs/licensing/license.asmx"
#define PATH_TEMPLATES "/_wmcs/licensing/templateDistribution.asmx"
#define PATH_CERTIFICATION_SERVER "/_wmcs/certification/server.asmx"
#define PATH_LICENSING_SERVER "/_wmcs/licensing/server.asmx"
#define PATH_LOCATOR "/_wmcs/certification/ServiceLocator.asmx"

#define TEST_BASE_URL "http://127.0.0.1:8080/_wmcs"
#define TEST_USER "alice@openmsdrm.test"

/* A machine as our DLL activates it: two self-signed certificates (1024
 * and 2048 bits) and their private keys. */
struct test_machine {
    char *certificate[2];
    EVP_PKEY *key[2];
};

/* Activates a machine in a store under `folder` (made if missing). */
void test_machine_make(struct test_machine *machine, const char *folder);
void test_machine_free(struct test_machine *machine);

/* A fresh folder for this test program: $MSDRM_DATA_DIR/<name> (heap). */
char *test_folder(const char *name);

/* Opens a server on `folder` (made if missing), at TEST_BASE_URL. */
struct server *test_server_open(const char *folder, const char *users_file,
                                const char *const *templates, size_t template_count);

/* Posts `body` (NUL-terminated); the response (clear it). The SOAPAction
 * is the service namespace + "/" + operation, quoted as clients send it. */
struct server_response test_post(struct server *server, const char *path, const char *ns,
                                 const char *operation, const char *from, const char *body);

/*
 * A request envelope (spec/rmpr.md §8): VersionData min/max in `ns`
 * unless `with_versions` is false, then `<operation xmlns=ns>inner</operation>`
 * as the body. Heap.
 */
char *test_envelope(const char *ns, const char *operation, bool with_versions, const char *minimum,
                    const char *maximum, const char *inner);

/* `<Certificate>doc</Certificate>` for each document (heap). */
char *test_certificates(const char *const *documents, size_t count);

/* A Certify request for `chain` (Persistent as given), VersionData 1.0.0.0. */
char *test_certify_body(const char *const *chain, size_t count, bool persistent);

/* The XrML documents of a response, literally as they are in its text
 * (each from `<XrML` to its `</XrML>`), up to `capacity`: the count. */
size_t test_documents(const char *text, char **documents, size_t capacity);
void test_documents_free(char **documents, size_t count);

/* Evaluates `xpath` on the response (prefixes soap, c, p, s, l, t for the
 * envelope and service namespaces): the number of nodes, and the text of
 * the first (heap, NULL when none) in *text when not NULL. */
int test_xpath(const struct server_response *response, const char *xpath, char **text);

/* The exception name of a fault response: the faultstring up to its
 * first ':' (heap), or NULL when the response is no fault. */
char *test_fault_name(const struct server_response *response);

/* Asserts the response is a SOAP fault (HTTP 500) named `exception`. */
void assert_fault(const struct server_response *response, const char *exception);

/* Reads a file whole (heap, NUL-terminated). */
char *test_read_file(const char *path);

#endif /* MSDRM_TEST_SERVER_FIXTURE_H */
