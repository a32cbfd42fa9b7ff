/* Dropping the capabilities a daemon does not need (libcap). */
#ifndef LVS_CAPS_H
#define LVS_CAPS_H

#include <stddef.h>
#include <sys/capability.h>

/* Keep only the listed capabilities, effective and permitted, and cut the
 * bounding set to them too when we may (CAP_SETPCAP), so that programs we
 * exec as root cannot regain the rest. Capabilities we do not have are
 * skipped. Returns 0, or -1 with errno. */
int caps_keep_only(const cap_value_t *keep, size_t n);

/* Whether cap is in the effective set now. */
int caps_have(cap_value_t cap);

#endif
