/*
 * openmsdrm - Win32: which proxy a WinHTTP request goes through.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_WIN32_HTTP_PROXY_H
#define MSDRM_WIN32_HTTP_PROXY_H

#include <windows.h>
#include <winhttp.h>

#include "msdrmdefs.h"

/*
 * The proxy for `url`. WinHTTP's own default (the machine's setting,
 * `netsh winhttp set proxy`) wins when it names one: then, and when
 * nothing is configured at all, *proxy is left zeroed and the session's
 * default applies. Otherwise the user's Internet settings decide, as
 * browsers do: a PAC script (given, or found by WPAD auto-detection),
 * else the named proxy and its bypass list. Free with http_proxy_clear.
 */
void http_proxy_for_url(HINTERNET session, const WCHAR *url, WINHTTP_PROXY_INFO *proxy);

void http_proxy_clear(WINHTTP_PROXY_INFO *proxy);

#endif /* MSDRM_WIN32_HTTP_PROXY_H */
