/*
 * openmsdrm - POSIX: the user's data folder and the per-user lock.
 *
 * The lock is an fcntl write lock on <data folder>/user.lock. fcntl locks
 * belong to the process, so an in-process mutex serialises the process's
 * own threads first. The kernel drops the lock of a process that dies; the
 * file's content ("held" while locked, empty once released) tells the next
 * holder that the previous one died holding it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include "platform/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msdrmerror.h"

#define HELD_MARK "held\n"

struct platform_user_lock {
    int fd;
};

static platform_mutex process_threads = PLATFORM_MUTEX_INIT;

static HRESULT hresult_from_errno(int error)
{
    switch (error) {
    case ENOMEM:
        return E_OUTOFMEMORY;
    case EACCES:
    case EPERM:
    case EROFS:
        return E_ACCESSDENIED;
    default:
        return E_FAIL;
    }
}

/* mkdir -p for the parents, then the folder itself owner-only. */
static HRESULT make_folder(char *path)
{
    for (char *slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        int made = mkdir(path, 0700);
        int error = errno;
        *slash = '/';
        if (made != 0 && error != EEXIST)
            return hresult_from_errno(error);
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return hresult_from_errno(errno);
    return S_OK;
}

HRESULT platform_user_data_dir(char *path, size_t size)
{
    const char *override = getenv("MSDRM_DATA_DIR");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int length;
    if (override != NULL && override[0] != '\0')
        length = snprintf(path, size, "%s", override);
    else if (xdg != NULL && xdg[0] == '/')
        length = snprintf(path, size, "%s/openmsdrm", xdg);
    else if (home != NULL && home[0] == '/')
        length = snprintf(path, size, "%s/.local/share/openmsdrm", home);
    else
        return E_FAIL; /* no home to keep per-user data in */
    if (length < 0 || (size_t)length >= size)
        return E_INVALIDARG;
    return make_folder(path);
}

HRESULT platform_user_lock_acquire(struct platform_user_lock **lock, bool *abandoned)
{
    char path[4096];
    *lock = NULL;
    *abandoned = false;
    HRESULT hr = platform_user_data_dir(path, sizeof path - sizeof "/user.lock");
    if (FAILED(hr))
        return hr;
    strcat(path, "/user.lock");

    struct platform_user_lock *held = malloc(sizeof *held);
    if (held == NULL)
        return E_OUTOFMEMORY;
    platform_mutex_lock(&process_threads);
    held->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (held->fd < 0) {
        hr = hresult_from_errno(errno);
        goto fail;
    }
    struct flock whole_file = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    while (fcntl(held->fd, F_SETLKW, &whole_file) != 0) {
        if (errno != EINTR) {
            hr = hresult_from_errno(errno);
            close(held->fd);
            goto fail;
        }
    }
    struct stat status;
    *abandoned = fstat(held->fd, &status) == 0 && status.st_size > 0;
    if (pwrite(held->fd, HELD_MARK, strlen(HELD_MARK), 0) < 0) {
        /* Only the abandonment hint is lost; the lock itself is held. */
    }
    *lock = held;
    return S_OK;

fail:
    platform_mutex_unlock(&process_threads);
    free(held);
    return hr;
}

void platform_user_lock_release(struct platform_user_lock *lock)
{
    if (lock == NULL)
        return;
    if (ftruncate(lock->fd, 0) != 0) {
        /* The next holder will think we died; harmless. */
    }
    close(lock->fd); /* releases the fcntl lock */
    platform_mutex_unlock(&process_threads);
    free(lock);
}

const char *platform_path_separator(void)
{
    return "/";
}

HRESULT platform_prepare_private_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return hresult_from_errno(errno);
    close(fd);
    return S_OK;
}
