/*
 * openmsdrm - process-wide options set with DRMSetGlobalOptions, and the
 * count of protected documents on display (DRMRegisterContent).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef MSDRM_GLOBAL_OPTIONS_H
#define MSDRM_GLOBAL_OPTIONS_H

#include <stdbool.h>

#include "msdrmdefs.h"

/* Sets one option; E_DRM_GLOBAL_OPTION_ALREADY_SET if it was set before. */
HRESULT global_option_set(DRMGLOBALOPTIONS option);
bool global_option_is_set(DRMGLOBALOPTIONS option);

/* One more (or one fewer) protected document on display. Unregistering
 * with none registered fails with E_INVALIDARG and changes nothing. */
HRESULT content_register(bool registering);

#endif /* MSDRM_GLOBAL_OPTIONS_H */
