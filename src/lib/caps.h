/* Dropping the capabilities a daemon does not need (libcap). */
#ifndef LVS_CAPS_H
#define LVS_CAPS_H

#include <stddef.h>
#include <sys/capability.h>

/* Keep only keep[], effective and permitted (nothing inheritable, so the
 * ambient set empties too), and cut the bounding set to bound[] when we
 * may (CAP_SETPCAP): that set caps what a program we exec as root gets.
 * Capabilities we do not have are skipped. Returns 0, or -1 with errno. */
int caps_limit(const cap_value_t *keep, size_t nkeep, const cap_value_t *bound, size_t nbound);

/* caps_limit() with the bounding set cut to keep[] as well: whatever we
 * run can hold no more than we do. */
int caps_keep_only(const cap_value_t *keep, size_t n);

/* In a child between fork and exec: drop every capability and set
 * no_new_privs, so that the program starts with none even as root, whatever
 * the bounding set holds (a daemon without CAP_SETPCAP cannot cut that).
 * Returns 0, or -1 with errno: then do not exec. */
int caps_exec_none(void);

/* Whether cap is in the effective set now. */
int caps_have(cap_value_t cap);

#endif
