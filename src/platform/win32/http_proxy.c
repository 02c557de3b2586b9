/*
 * openmsdrm - Win32: the proxy of a WinHTTP request (http_proxy.h).
 *
 * A service opened with WINHTTP_ACCESS_TYPE_DEFAULT_PROXY sees only the
 * machine-wide WinHTTP setting, which most machines leave empty; users'
 * proxies live in their Internet settings. Failing to find a proxy is
 * never an error here: the request then goes direct and fails, or not,
 * on its own.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "http_proxy.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void free_global(WCHAR *text)
{
    if (text != NULL)
        GlobalFree(text);
}

void http_proxy_clear(WINHTTP_PROXY_INFO *proxy)
{
    free_global(proxy->lpszProxy);
    free_global(proxy->lpszProxyBypass);
    memset(proxy, 0, sizeof *proxy);
}

/* Whether the machine-wide WinHTTP setting names a proxy. */
static bool machine_has_proxy(void)
{
    WINHTTP_PROXY_INFO machine;
    memset(&machine, 0, sizeof machine);
    if (!WinHttpGetDefaultProxyConfiguration(&machine))
        return false;
    bool named = machine.dwAccessType == WINHTTP_ACCESS_TYPE_NAMED_PROXY;
    http_proxy_clear(&machine);
    return named;
}

/*
 * WPAD auto-detection asks DHCP, then DNS for "wpad" hosts: tens of
 * milliseconds at best, seconds where DNS does not answer. So its finding,
 * a PAC script's URL or none, is kept for a while rather than sought
 * before every request. The lock guards only the two variables: the
 * detection runs outside it (two threads may both detect; the later
 * finding stays).
 */
#define DETECTION_LIFETIME_MS (10u * 60u * 1000u)

static SRWLOCK detection_lock = SRWLOCK_INIT;
static WCHAR *detected_url; /* malloc'd; NULL: none found */
static ULONGLONG detected_at;
static bool detected;

static WCHAR *copy_text(const WCHAR *text)
{
    if (text == NULL)
        return NULL;
    size_t size = (wcslen(text) + 1) * sizeof(WCHAR);
    WCHAR *copy = malloc(size);
    if (copy != NULL)
        memcpy(copy, text, size);
    return copy;
}

/* The PAC URL auto-detection finds, as a malloc'd copy; NULL when none. */
static WCHAR *detected_script_url(void)
{
    ULONGLONG now = GetTickCount64();
    AcquireSRWLockExclusive(&detection_lock);
    bool fresh = detected && now - detected_at < DETECTION_LIFETIME_MS;
    WCHAR *url = fresh ? copy_text(detected_url) : NULL;
    ReleaseSRWLockExclusive(&detection_lock);
    if (fresh)
        return url;

    WCHAR *found = NULL;
    WCHAR *global = NULL;
    if (WinHttpDetectAutoProxyConfigUrl(WINHTTP_AUTO_DETECT_TYPE_DHCP |
                                            WINHTTP_AUTO_DETECT_TYPE_DNS_A,
                                        &global) &&
        global != NULL) {
        found = copy_text(global);
        GlobalFree(global);
    }
    AcquireSRWLockExclusive(&detection_lock);
    free(detected_url);
    detected_url = found;
    detected_at = now;
    detected = true;
    url = copy_text(detected_url);
    ReleaseSRWLockExclusive(&detection_lock);
    return url;
}

/*
 * Runs the PAC script auto-detection finds, else the one the user's
 * settings name (the order of Internet Options: detect, script, proxy).
 */
static bool proxy_from_script(HINTERNET session, const WCHAR *url,
                              const WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *user,
                              WINHTTP_PROXY_INFO *proxy)
{
    WCHAR *detected_script = user->fAutoDetect ? detected_script_url() : NULL;
    const WCHAR *script = detected_script != NULL ? detected_script : user->lpszAutoConfigUrl;
    bool found = false;
    if (script != NULL) {
        WINHTTP_AUTOPROXY_OPTIONS options;
        memset(&options, 0, sizeof options);
        options.dwFlags = WINHTTP_AUTOPROXY_CONFIG_URL;
        options.lpszAutoConfigUrl = script;
        /* A PAC server that asks for Windows authentication gets the user's. */
        options.fAutoLogonIfChallenged = TRUE;
        found = WinHttpGetProxyForUrl(session, url, &options, proxy);
    }
    free(detected_script);
    if (!found)
        memset(proxy, 0, sizeof *proxy);
    return found;
}

void http_proxy_for_url(HINTERNET session, const WCHAR *url, WINHTTP_PROXY_INFO *proxy)
{
    memset(proxy, 0, sizeof *proxy);
    if (machine_has_proxy())
        return;
    WINHTTP_CURRENT_USER_IE_PROXY_CONFIG user;
    memset(&user, 0, sizeof user);
    if (!WinHttpGetIEProxyConfigForCurrentUser(&user))
        return;
    if (!proxy_from_script(session, url, &user, proxy) && user.lpszProxy != NULL) {
        proxy->dwAccessType = WINHTTP_ACCESS_TYPE_NAMED_PROXY;
        proxy->lpszProxy = user.lpszProxy;
        proxy->lpszProxyBypass = user.lpszProxyBypass;
        user.lpszProxy = NULL;
        user.lpszProxyBypass = NULL;
    }
    free_global(user.lpszAutoConfigUrl);
    free_global(user.lpszProxy);
    free_global(user.lpszProxyBypass);
}
