/*
 * The LoadLibrary rig: loads msdrm from the test program's folder by path,
 * as a test rig that replaces the real DLL does, and checks the export
 * table against msdrm.def and the README's status table.
 *
 * Conformance notes: names and ordinals are those of Windows 10 19041
 * msdrm.dll (spec/exports.md); DRMAttest and DRMVerify return E_NOTIMPL
 * (functions/DRMAttest.md, functions/DRMVerify.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/undocumented_exports.h"
#include "export_table.h"
#include "dynload.h"
#include "ignore_status.h"
#include "probe_calls.h"
#include "test_platform.h"

#ifndef MSDRM_LIBRARY_FILE
#error "MSDRM_LIBRARY_FILE (msdrm.dll or libmsdrm.so) comes from tests/CMakeLists.txt"
#endif

static struct dynload_library *library;

static int load_library(void **state)
{
    (void)state;
    char path[4096];
    library = dynload_open_beside_program(MSDRM_LIBRARY_FILE, path, sizeof path);
    return library == NULL ? -1 : 0;
}

static int unload_library(void **state)
{
    (void)state;
    dynload_close(library);
    return 0;
}

static void test_loaded_from_program_folder(void **state)
{
    (void)state;
    char requested[4096];
    char loaded[4096];
    struct dynload_library *again =
        dynload_open_beside_program(MSDRM_LIBRARY_FILE, requested, sizeof requested);
    assert_non_null(again);
    /* The same module as the first load, and the file we asked for, not a
     * system copy (Wine's builtin msdrm.dll). */
    assert_ptr_equal(again, library);
    assert_true(dynload_loaded_path(again, loaded, sizeof loaded));
    assert_string_equal(loaded, requested);
    dynload_close(again);
}

static void test_every_export_resolves_by_name(void **state)
{
    (void)state;
    assert_int_equal(export_table_count, 95);
    for (size_t i = 0; i < export_table_count; i++) {
        void *by_name = dynload_symbol(library, export_table[i].name);
        if (by_name == NULL)
            fail_msg("export %s does not resolve", export_table[i].name);
    }
}

static void test_ordinals_match_names(void **state)
{
    (void)state;
    if (!dynload_has_ordinals())
        skip(); /* ELF exports have no ordinals */
    for (size_t i = 0; i < export_table_count; i++) {
        const struct export_entry *entry = &export_table[i];
        void *by_name = dynload_symbol(library, entry->name);
        void *by_ordinal = dynload_symbol_by_ordinal(library, entry->ordinal);
        if (by_ordinal == NULL || by_ordinal != by_name)
            fail_msg("ordinal %u is not %s", entry->ordinal, entry->name);
    }
    /* Ordinals run 1..95 with no gaps and nothing beyond. */
    assert_null(dynload_symbol_by_ordinal(library, 96));
}

static void test_unimplemented_exports_return_e_notimpl(void **state)
{
    (void)state;
    for (size_t i = 0; i < export_table_count; i++) {
        const struct export_entry *entry = &export_table[i];
        if (entry->status == EXPORT_IMPLEMENTED || entry->status == EXPORT_PARTIAL)
            continue;
        const struct probe *probe = probe_find(entry->name);
        assert_non_null(probe);
        HRESULT hr = probe->zero_call(dynload_symbol(library, entry->name));
        if (hr != E_NOTIMPL)
            fail_msg("%s returned 0x%08lx, the README says it returns E_NOTIMPL", entry->name,
                     (unsigned long)(uint32_t)hr);
    }
}

static void test_unimplemented_exports_leave_out_parameters_alone(void **state)
{
    (void)state;
    static unsigned char scratch[PROBE_SCRATCH_BYTES];
    static unsigned char pristine[PROBE_SCRATCH_BYTES];
    memset(pristine, 0xA5, sizeof pristine);
    memset(pristine + sizeof pristine - 2, 0, 2); /* in-strings end here */
    for (size_t i = 0; i < export_table_count; i++) {
        const struct export_entry *entry = &export_table[i];
        if (entry->status == EXPORT_IMPLEMENTED || entry->status == EXPORT_PARTIAL)
            continue;
        memcpy(scratch, pristine, sizeof scratch);
        HRESULT hr =
            probe_find(entry->name)->scratch_call(dynload_symbol(library, entry->name), scratch);
        assert_int_equal(hr, E_NOTIMPL);
        if (memcmp(scratch, pristine, sizeof scratch) != 0)
            fail_msg("%s wrote through a pointer argument", entry->name);
    }
}

static void test_implemented_exports_do_not_claim_e_notimpl(void **state)
{
    (void)state;
    for (size_t i = 0; i < export_table_count; i++) {
        const struct export_entry *entry = &export_table[i];
        if (entry->status != EXPORT_IMPLEMENTED && entry->status != EXPORT_PARTIAL)
            continue;
        HRESULT hr = probe_find(entry->name)->zero_call(dynload_symbol(library, entry->name));
        if (hr == E_NOTIMPL)
            fail_msg("%s returned E_NOTIMPL, the README says it is implemented", entry->name);
    }
}

/* A DLL without COM classes: no class object, nothing to register. */
static void test_com_entry_points(void **state)
{
    (void)state;
    __typeof__(&DllGetClassObject) get_class_object =
        (__typeof__(&DllGetClassObject))dynload_symbol(library, "DllGetClassObject");
    __typeof__(&DllCanUnloadNow) can_unload_now =
        (__typeof__(&DllCanUnloadNow))dynload_symbol(library, "DllCanUnloadNow");
    __typeof__(&DllRegisterServer) register_server =
        (__typeof__(&DllRegisterServer))dynload_symbol(library, "DllRegisterServer");
    __typeof__(&DllUnregisterServer) unregister_server =
        (__typeof__(&DllUnregisterServer))dynload_symbol(library, "DllUnregisterServer");

    static const GUID some_class = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    void *object = &object;
    assert_int_equal(get_class_object(&some_class, &some_class, &object),
                     CLASS_E_CLASSNOTAVAILABLE);
    assert_null(object);
    assert_int_equal(get_class_object(&some_class, &some_class, NULL), E_POINTER);
    assert_int_equal(can_unload_now(), S_OK);
    assert_int_equal(register_server(), S_OK);
    assert_int_equal(unregister_server(), S_OK);
}

/* Loads the DLL on its own (no other reference) and opens a client
 * session with `callback` through it. */
static struct dynload_library *load_with_session(DRMCALLBACK callback, DRMHSESSION *session)
{
    char path[4096];
    struct dynload_library *own =
        dynload_open_beside_program(MSDRM_LIBRARY_FILE, path, sizeof path);
    assert_non_null(own);
    __typeof__(&DRMCreateClientSession) create =
        (__typeof__(&DRMCreateClientSession))dynload_symbol(own, "DRMCreateClientSession");
    assert_int_equal(create(callback, 0, (PWSTR)DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL, session),
                     S_OK);
    return own;
}

/* Loads the DLL on its own (no other reference), opens a session and
 * unloads it with the session still open, as a careless rig might: that
 * must not crash, and a fresh load must work. */
static void test_unload_with_open_session(void **state)
{
    (void)state;
    for (int round = 0; round < 3; round++) {
        DRMHSESSION session = DRMHSESSION_INVALID;
        dynload_close(load_with_session(ignore_status, &session));
    }
}

/* What an activation's callback saw; the callback is the program's code,
 * so it still runs after the program has unloaded the DLL. */
static test_mutex activation_lock;
static int activation_terminals;

static HRESULT __stdcall count_terminals(DRM_STATUS_MSG message, HRESULT status, void *param,
                                         void *context)
{
    (void)message;
    (void)param;
    (void)context;
    test_mutex_lock(&activation_lock);
    activation_terminals += status == S_DRM_COMPLETED || FAILED(status);
    test_mutex_unlock(&activation_lock);
    return S_OK;
}

/* Unloads the DLL while a machine activation's worker runs in it: the
 * worker and the dispatcher keep it loaded until they are done, so the
 * activation still completes and reports, and nothing crashes. */
static void test_unload_while_an_operation_runs(void **state)
{
    (void)state;
    test_mutex_init(&activation_lock);
    DRMHSESSION session = DRMHSESSION_INVALID;
    struct dynload_library *own = load_with_session(count_terminals, &session);
    __typeof__(&DRMActivate) activate =
        (__typeof__(&DRMActivate))dynload_symbol(own, "DRMActivate");
    assert_int_equal(
        activate(session, DRM_ACTIVATE_MACHINE | DRM_ACTIVATE_SILENT, 0, NULL, NULL, NULL), S_OK);
    dynload_close(own);
    int terminals = 0;
    for (int waited = 0; terminals == 0 && waited < 60000; waited += 10) {
        test_sleep_ms(10);
        test_mutex_lock(&activation_lock);
        terminals = activation_terminals;
        test_mutex_unlock(&activation_lock);
    }
    assert_int_equal(terminals, 1);
    test_sleep_ms(100); /* the threads leave the DLL, and it unmaps */

    /* Loaded again, it sees the identity the unloaded one made. */
    own = load_with_session(ignore_status, &session);
    __typeof__(&DRMIsActivated) is_activated =
        (__typeof__(&DRMIsActivated))dynload_symbol(own, "DRMIsActivated");
    __typeof__(&DRMCloseSession) close_session =
        (__typeof__(&DRMCloseSession))dynload_symbol(own, "DRMCloseSession");
    assert_int_equal(is_activated(session, DRM_ACTIVATE_MACHINE, NULL), S_OK);
    assert_int_equal(close_session(session), S_OK);
    dynload_close(own);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded_from_program_folder),
        cmocka_unit_test(test_every_export_resolves_by_name),
        cmocka_unit_test(test_ordinals_match_names),
        cmocka_unit_test(test_unimplemented_exports_return_e_notimpl),
        cmocka_unit_test(test_unimplemented_exports_leave_out_parameters_alone),
        cmocka_unit_test(test_implemented_exports_do_not_claim_e_notimpl),
        cmocka_unit_test(test_com_entry_points),
    };
    const struct CMUnitTest unload_tests[] = {
        cmocka_unit_test(test_unload_with_open_session),
        cmocka_unit_test(test_unload_while_an_operation_runs),
    };
    int failures =
        cmocka_run_group_tests_name("loadlibrary_rig", tests, load_library, unload_library);
    return failures + cmocka_run_group_tests_name("unload", unload_tests, NULL, NULL);
}
