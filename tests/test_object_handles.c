/*
 * The generic close and duplicate exports (functions/DRMCloseHandle.md,
 * DRMDuplicateHandle.md, DRMClosePubHandle.md, DRMDuplicatePubHandle.md,
 * DRMCloseQueryHandle.md): each takes only its own handle types, a copy is
 * a new value closed on its own, and the object goes when the last handle
 * closes. Objects whose creating functions come with later work are made
 * through the handle table directly; query handles come from
 * DRMParseUnboundLicense.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "runtime/handles.h"
#include "counted_object.h"
#include "ignore_status.h"
#include "msdrm.h"

static ULONG open_object(enum handle_kind kind, atomic_int *destroyed)
{
    ULONG handle = try_open_counted(kind, destroyed);
    assert_int_not_equal(handle, 0);
    return handle;
}

static void test_drmhandle_close_and_duplicate(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    DRMHANDLE library = open_object(HANDLE_LIBRARY, &destroyed);
    DRMHANDLE copy = 0xDEADBEEF;
    assert_int_equal(DRMDuplicateHandle(library, NULL), E_INVALIDARG);
    assert_int_equal(DRMDuplicateHandle(library, &copy), S_OK);
    assert_int_not_equal(copy, library);
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(atomic_load(&destroyed), 0); /* the copy keeps it */
    assert_int_equal(DRMCloseHandle(library), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseHandle(copy), S_OK);
    assert_int_equal(atomic_load(&destroyed), 1);
    copy = 0xDEADBEEF;
    assert_int_equal(DRMDuplicateHandle(library, &copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(copy, DRMHANDLE_INVALID);
}

static void test_pub_handles(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    DRMPUBHANDLE right = open_object(HANDLE_RIGHT, &destroyed);
    DRMPUBHANDLE copy = 0;
    assert_int_equal(DRMDuplicatePubHandle(right, NULL), E_INVALIDARG);
    assert_int_equal(DRMDuplicatePubHandle(right, &copy), S_OK);
    assert_int_equal(DRMClosePubHandle(right), S_OK);
    assert_int_equal(DRMClosePubHandle(copy), S_OK);
    assert_int_equal(DRMClosePubHandle(copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(atomic_load(&destroyed), 1);
}

static DRMQUERYHANDLE parse_license(void)
{
    static const WCHAR license[] = MSDRM_WSTR("<XrML><BODY type=\"LICENSE\"></BODY></XrML>");
    DRMQUERYHANDLE query = DRMQUERYHANDLE_INVALID;
    assert_int_equal(DRMParseUnboundLicense((PWSTR)license, &query), S_OK);
    return query;
}

static void test_query_handles(void **state)
{
    (void)state;
    size_t open_before = handle_open_count();
    DRMQUERYHANDLE query = parse_license();
    assert_int_equal(handle_open_count(), open_before + 1);
    assert_int_equal(DRMCloseQueryHandle(query), S_OK);
    assert_int_equal(DRMCloseQueryHandle(query), E_DRM_INVALID_HANDLE);
    assert_int_equal(handle_open_count(), open_before);
}

/* Each export takes its own handle types only, and a refusal changes
 * nothing: the handle stays open. */
static void test_wrong_kinds_are_refused(void **state)
{
    (void)state;
    atomic_int destroyed = 0;
    DRMHANDLE library = open_object(HANDLE_LIBRARY, &destroyed);
    DRMPUBHANDLE user = open_object(HANDLE_USER, &destroyed);
    DRMQUERYHANDLE query = parse_license();
    DRMHSESSION session = DRMHSESSION_INVALID;
    assert_int_equal(DRMCreateClientSession(ignore_status, 0,
                                            (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                            &session),
                     S_OK);
    ULONG copy;
    assert_int_equal(DRMCloseHandle(user), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseHandle(query), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseHandle(session), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMDuplicateHandle(user, &copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMClosePubHandle(library), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMClosePubHandle(query), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMDuplicatePubHandle(session, &copy), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseQueryHandle(library), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseQueryHandle(user), E_DRM_INVALID_HANDLE);
    assert_int_equal(DRMCloseSession(library), E_DRM_INVALID_HANDLE);
    assert_int_equal(atomic_load(&destroyed), 0);
    assert_int_equal(DRMCloseHandle(library), S_OK);
    assert_int_equal(DRMClosePubHandle(user), S_OK);
    assert_int_equal(DRMCloseQueryHandle(query), S_OK);
    assert_int_equal(DRMCloseSession(session), S_OK);
    assert_int_equal(atomic_load(&destroyed), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drmhandle_close_and_duplicate),
        cmocka_unit_test(test_pub_handles),
        cmocka_unit_test(test_query_handles),
        cmocka_unit_test(test_wrong_kinds_are_refused),
    };
    return cmocka_run_group_tests_name("object_handles", tests, NULL, NULL);
}
