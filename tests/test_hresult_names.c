/*
 * The names of HRESULTs (src/util/hresult_names.h), used by the trace
 * channel: every code that msdrmerror.h, the generic Windows codes and
 * util/private_errors.h define has its own name. The list of codes is read
 * from the headers at configure time (cmake/HresultList.cmake), so a code
 * added to one of them without a name fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/hresult_names.h"
#include "util/private_errors.h"
#include "msdrmerror.h"

struct listed_code {
    HRESULT hr;
    const char *name;
    const char *header;
};

static const struct listed_code listed[] = {
#include "hresult_list.inc"
};

static size_t listed_from(const char *header)
{
    size_t count = 0;
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
        count += strcmp(listed[i].header, header) == 0;
    return count;
}

/* Each code's name is its own: no code missing, and no two codes share a
 * value (the second would be named after the first). */
static void test_every_code_has_its_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++) {
        const char *name = hresult_name(listed[i].hr);
        if (name == NULL || strcmp(name, listed[i].name) != 0)
            fail_msg("%s (%s, 0x%08lx) is named %s", listed[i].name, listed[i].header,
                     (unsigned long)(uint32_t)listed[i].hr, name != NULL ? name : "nothing");
    }
}

/* The list is what the headers hold: not vacuous, nor missing a header. */
static void test_the_list_reads_the_headers(void **state)
{
    (void)state;
    assert_true(listed_from("msdrmerror.h") >= 100);
    assert_int_equal(listed_from("msdrm_wintypes.h"), 10);
    assert_int_equal(listed_from("private_errors.h"), 3);
    assert_int_equal(listed_from("msdrmerror.h") + listed_from("msdrm_wintypes.h") +
                         listed_from("private_errors.h"),
                     sizeof listed / sizeof listed[0]);
}

/* Private codes wrap the Win32 errors their comments name. */
static void test_private_codes_wrap_win32_errors(void **state)
{
    (void)state;
    assert_int_equal((uint32_t)E_MSDRM_SESSION_IN_USE, 0x800700AAu); /* ERROR_BUSY */
    assert_int_equal((uint32_t)E_MSDRM_PROC_NOT_FOUND, 0x8007007Fu); /* ERROR_PROC_NOT_FOUND */
    assert_int_equal((uint32_t)E_MSDRM_STORE_CORRUPT, 0x80070570u);  /* ERROR_FILE_CORRUPT */
    assert_true(FAILED(E_MSDRM_SESSION_IN_USE));
}

static void test_unknown_codes_have_no_name(void **state)
{
    (void)state;
    assert_null(hresult_name(MSDRM_FROM_WIN32(2))); /* ERROR_FILE_NOT_FOUND: not ours */
    assert_null(hresult_name((HRESULT)0x8004CFFF));
    assert_null(hresult_name((HRESULT)2));
    assert_string_equal(hresult_name(E_DRM_NO_MORE_DATA), "E_DRM_NO_MORE_DATA");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_its_name),
        cmocka_unit_test(test_the_list_reads_the_headers),
        cmocka_unit_test(test_private_codes_wrap_win32_errors),
        cmocka_unit_test(test_unknown_codes_have_no_name),
    };
    return cmocka_run_group_tests_name("hresult names", tests, NULL, NULL);
}
