/*
 * test_platform.h on POSIX systems.
 */
#define _GNU_SOURCE
#include "test_platform.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(test_mutex) >= sizeof(pthread_mutex_t), "test_mutex too small");

void test_mutex_init(test_mutex *mutex)
{
    pthread_mutex_init((pthread_mutex_t *)mutex->state, NULL);
}

void test_mutex_lock(test_mutex *mutex)
{
    pthread_mutex_lock((pthread_mutex_t *)mutex->state);
}

void test_mutex_unlock(test_mutex *mutex)
{
    pthread_mutex_unlock((pthread_mutex_t *)mutex->state);
}

unsigned long test_thread_id(void)
{
    return (unsigned long)syscall(SYS_gettid);
}

unsigned long long test_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (unsigned long long)now.tv_sec * 1000000000u + (unsigned long long)now.tv_nsec;
}

void test_sleep_ms(unsigned milliseconds)
{
    struct timespec duration = {(time_t)(milliseconds / 1000),
                                (long)(milliseconds % 1000) * 1000000L};
    nanosleep(&duration, NULL);
}

void test_set_environment(const char *name, const char *value)
{
    if (value != NULL)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

int test_set_machine_setting(const char *key, const char *value)
{
    (void)key;
    (void)value;
    return 0;
}

int test_set_user_proxy(const char *proxy, const char *bypass)
{
    (void)proxy;
    (void)bypass;
    return 0;
}

#define NOBODY 65534

int test_make_shared_folder(char *path, unsigned long size)
{
    char pattern[] = "/tmp/msdrm-test-XXXXXX";
    if (mkdtemp(pattern) == NULL || chmod(pattern, 0755) != 0 || strlen(pattern) >= size)
        return 0;
    strcpy(path, pattern);
    return 1;
}

int test_make_read_only_folder(const char *folder)
{
    DIR *listing = opendir(folder);
    if (listing == NULL)
        return 0;
    for (struct dirent *entry; (entry = readdir(listing)) != NULL;) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        if (strcmp(entry->d_name, "..") != 0 && chown(path, NOBODY, NOBODY) != 0 && getuid() == 0)
            return 0;
    }
    closedir(listing);
    return chmod(folder, 0555) == 0;
}

int test_drop_privileges(void)
{
    if (geteuid() != 0)
        return 1;
    return setgid(NOBODY) == 0 && setuid(NOBODY) == 0;
}

unsigned long test_open_handle_count(void)
{
    unsigned long count = 0;
    DIR *listing = opendir("/proc/self/fd");
    if (listing == NULL)
        return 0;
    while (readdir(listing) != NULL)
        count++;
    closedir(listing);
    return count;
}

unsigned long long test_peak_memory_bytes(void)
{
    FILE *status = fopen("/proc/self/status", "r");
    if (status == NULL)
        return 0;
    char line[256];
    unsigned long long kilobytes = 0;
    while (fgets(line, sizeof line, status) != NULL) {
        if (sscanf(line, "VmHWM: %llu kB", &kilobytes) == 1)
            break;
    }
    fclose(status);
    return kilobytes * 1024;
}
