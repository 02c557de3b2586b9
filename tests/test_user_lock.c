/*
 * The per-user cross-process lock (src/platform/<os>/user_files.c) and
 * sessions in two processes at once. The test program starts itself again
 * as a child process in a role (support/spawn.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ignore_status.h"
#include "msdrm.h"
#include "platform/platform.h"
#include "spawn.h"

/* A marker file in the data folder, by which a child says it is ready. */
static void marker_path(const char *name, char *path, size_t size)
{
    char folder[4096];
    if (FAILED(platform_user_data_dir(folder, sizeof folder)))
        abort();
    snprintf(path, size, "%s%s%s", folder, platform_path_separator(), name);
}

static bool marker_exists(const char *name)
{
    char path[4200];
    marker_path(name, path, sizeof path);
    FILE *file = fopen(path, "rb");
    if (file != NULL)
        fclose(file);
    return file != NULL;
}

static void marker_set(const char *name, bool present)
{
    char path[4200];
    marker_path(name, path, sizeof path);
    if (!present) {
        remove(path);
        return;
    }
    FILE *file = fopen(path, "wb");
    if (file != NULL)
        fclose(file);
}

/* --- child roles --------------------------------------------------------------- */

static int child_hold_lock(void)
{
    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    if (FAILED(platform_user_lock_acquire(&lock, &abandoned)))
        return 2;
    marker_set("child-holds-lock", true);
    for (;;)
        platform_sleep_ms(1000); /* until killed */
}

static int child_sessions(void)
{
    for (int i = 0; i < 2000; i++) {
        DRMHSESSION session = DRMHSESSION_INVALID;
        if (DRMCreateClientSession(ignore_status, 0, DRM_DEFAULTGROUPIDTYPE_WINDOWSAUTH, NULL,
                                   &session) != S_OK ||
            DRMCloseSession(session) != S_OK)
            return 3;
    }
    return 0;
}

/* --- tests ------------------------------------------------------------------------ */

static void test_killed_holder_releases_lock(void **state)
{
    (void)state;
    marker_set("child-holds-lock", false);
    /* Take and release it once first: a process that has used the lock
     * keeps its mutex open (Windows), and only an open mutex can tell us
     * that its holder died. */
    struct platform_user_lock *lock = NULL;
    bool abandoned = false;
    assert_int_equal(platform_user_lock_acquire(&lock, &abandoned), S_OK);
    platform_user_lock_release(lock);

    struct child *child = child_spawn_self("hold-lock");
    assert_non_null(child);
    for (int waited = 0; !marker_exists("child-holds-lock"); waited += 10) {
        if (waited > 30000)
            fail_msg("the child never took the lock");
        platform_sleep_ms(10);
    }
    child_kill(child);

    /* The lock must come to us within a second of the holder's death
     * (a hang fails by ctest's time-out). */
    uint64_t start = platform_monotonic_ms();
    assert_int_equal(platform_user_lock_acquire(&lock, &abandoned), S_OK);
    assert_in_range(platform_monotonic_ms() - start, 0, 1000);
    assert_true(abandoned); /* the holder died holding it */
    platform_user_lock_release(lock);

    assert_int_equal(platform_user_lock_acquire(&lock, &abandoned), S_OK);
    assert_false(abandoned); /* released properly this time */
    platform_user_lock_release(lock);
    marker_set("child-holds-lock", false);
}

static void test_two_processes_create_and_close_sessions(void **state)
{
    (void)state;
    struct child *child = child_spawn_self("sessions");
    assert_non_null(child);
    assert_int_equal(child_sessions(), 0);
    assert_int_equal(child_wait(child), 0);
}

int main(int argc, char **argv)
{
    const char *role = child_role(argc, argv);
    if (role != NULL && strcmp(role, "hold-lock") == 0)
        return child_hold_lock();
    if (role != NULL && strcmp(role, "sessions") == 0)
        return child_sessions();

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_killed_holder_releases_lock),
        cmocka_unit_test(test_two_processes_create_and_close_sessions),
    };
    return cmocka_run_group_tests_name("user_lock", tests, NULL, NULL);
}
