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
#include <string.h>

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

/* Runs the PAC script the user's settings give or auto-detection finds. */
static bool proxy_from_script(HINTERNET session, const WCHAR *url,
                              const WINHTTP_CURRENT_USER_IE_PROXY_CONFIG *user,
                              WINHTTP_PROXY_INFO *proxy)
{
    WINHTTP_AUTOPROXY_OPTIONS options;
    memset(&options, 0, sizeof options);
    if (user->lpszAutoConfigUrl != NULL) {
        options.dwFlags |= WINHTTP_AUTOPROXY_CONFIG_URL;
        options.lpszAutoConfigUrl = user->lpszAutoConfigUrl;
    }
    if (user->fAutoDetect) {
        options.dwFlags |= WINHTTP_AUTOPROXY_AUTO_DETECT;
        options.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DHCP | WINHTTP_AUTO_DETECT_TYPE_DNS_A;
    }
    /* A PAC server that asks for Windows authentication gets the user's. */
    options.fAutoLogonIfChallenged = TRUE;
    if (options.dwFlags == 0 || !WinHttpGetProxyForUrl(session, url, &options, proxy)) {
        memset(proxy, 0, sizeof *proxy);
        return false;
    }
    return true;
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
