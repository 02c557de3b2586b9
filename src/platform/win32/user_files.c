/*
 * openmsdrm - Win32: the user's data folder and the per-user lock.
 *
 * The lock is a named mutex in the session's Local\ namespace, keyed by the
 * user's SID, so processes of different users never wait on each other.
 * A mutex whose owner died is handed to the next waiter with
 * WAIT_ABANDONED, which we report rather than hide.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "platform/platform.h"

#include <shlobj.h>
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>

#include "msdrmerror.h"
#include "last_error.h"

struct platform_user_lock {
    HANDLE mutex;
};

static HRESULT utf8_from_wide(const WCHAR *wide, char *text, size_t size)
{
    if (size > INT_MAX)
        size = INT_MAX;
    int length =
        WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, wide, -1, text, (int)size, NULL, NULL);
    return length > 0 ? S_OK : E_INVALIDARG;
}

HRESULT platform_user_data_dir(char *path, size_t size)
{
    WCHAR folder[MAX_PATH + 32];
    DWORD length = GetEnvironmentVariableW(L"MSDRM_DATA_DIR", folder, MAX_PATH);
    if (length >= MAX_PATH)
        return E_INVALIDARG;
    if (length == 0) {
        PWSTR local_app_data = NULL;
        HRESULT hr =
            SHGetKnownFolderPath(&FOLDERID_LocalAppData, KF_FLAG_CREATE, NULL, &local_app_data);
        if (FAILED(hr))
            return hr;
        int written = _snwprintf(folder, MAX_PATH, L"%ls\\openmsdrm", local_app_data);
        CoTaskMemFree(local_app_data);
        if (written < 0 || written >= MAX_PATH)
            return E_INVALIDARG;
    }
    /* Creates the parents too; the folder inherits the parent's ACL, which
     * under %LOCALAPPDATA% admits the user (and SYSTEM/administrators). */
    int created = SHCreateDirectoryExW(NULL, folder, NULL);
    if (created != ERROR_SUCCESS && created != ERROR_ALREADY_EXISTS && created != ERROR_FILE_EXISTS)
        return HRESULT_FROM_WIN32(created);
    return utf8_from_wide(folder, path, size);
}

static HRESULT user_sid_string(WCHAR **sid_text)
{
    HANDLE token = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return hresult_from_last_error();
    BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    DWORD needed = 0;
    BOOL ok = GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &needed);
    HRESULT failure = ok ? S_OK : hresult_from_last_error();
    CloseHandle(token);
    if (!ok)
        return failure;
    if (!ConvertSidToStringSidW(((TOKEN_USER *)buffer)->User.Sid, sid_text))
        return hresult_from_last_error();
    return S_OK;
}

/*
 * The process keeps one handle to the mutex for its lifetime. Besides
 * sparing a CreateMutex per acquisition, this keeps the named object alive
 * while another process holds it: if that process dies, our wait reports
 * WAIT_ABANDONED, which a freshly created mutex could not.
 */
static platform_mutex mutex_handle_lock = PLATFORM_MUTEX_INIT;
static HANDLE user_mutex;

static HRESULT user_mutex_handle(HANDLE *mutex)
{
    HRESULT hr = S_OK;
    platform_mutex_lock(&mutex_handle_lock);
    if (user_mutex == NULL) {
        WCHAR *sid = NULL;
        hr = user_sid_string(&sid);
        WCHAR name[256];
        if (SUCCEEDED(hr)) {
            int written = _snwprintf(name, 256, L"Local\\openmsdrm-user-lock-%ls", sid);
            LocalFree(sid);
            if (written < 0 || written >= 256)
                hr = E_FAIL;
        }
        if (SUCCEEDED(hr) && (user_mutex = CreateMutexW(NULL, FALSE, name)) == NULL)
            hr = hresult_from_last_error();
    }
    *mutex = user_mutex;
    platform_mutex_unlock(&mutex_handle_lock);
    return hr;
}

HRESULT platform_user_lock_acquire(struct platform_user_lock **lock, bool *abandoned)
{
    *lock = NULL;
    *abandoned = false;
    HANDLE mutex = NULL;
    HRESULT hr = user_mutex_handle(&mutex);
    if (FAILED(hr))
        return hr;
    struct platform_user_lock *held = malloc(sizeof *held);
    if (held == NULL)
        return E_OUTOFMEMORY;
    held->mutex = mutex;
    DWORD waited = WaitForSingleObject(mutex, INFINITE);
    if (waited == WAIT_OBJECT_0 || waited == WAIT_ABANDONED) {
        /* Abandoned: its holder died, and the mutex is ours now. */
        *abandoned = waited == WAIT_ABANDONED;
        *lock = held;
        return S_OK;
    }
    hr = hresult_from_last_error();
    free(held);
    return hr;
}

void platform_user_lock_release(struct platform_user_lock *lock)
{
    if (lock == NULL)
        return;
    ReleaseMutex(lock->mutex);
    free(lock);
}

const char *platform_path_separator(void)
{
    return "\\";
}

/* Files inherit the ACL of the user's data folder, which admits the user
 * (and SYSTEM and administrators) only: nothing to set here. */
HRESULT platform_prepare_private_file(const char *path)
{
    (void)path;
    return S_OK;
}
