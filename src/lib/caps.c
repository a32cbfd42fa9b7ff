#include "config.h"

#include "caps.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/prctl.h>

static bool listed(cap_value_t v, const cap_value_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

int caps_limit(const cap_value_t *keep, size_t nkeep, const cap_value_t *bound, size_t nbound)
{
	cap_t now = cap_get_proc(), want;
	cap_flag_value_t setpcap = CAP_CLEAR;
	int rc, saved;

	if (!now)
		return -1;
	want = cap_init();
	if (!want) {
		cap_free(now);
		return -1;
	}
	/* The bounding set first: cutting it needs CAP_SETPCAP, which goes
	 * with the rest below. */
	cap_get_flag(now, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
	if (setpcap == CAP_SET)
		for (cap_value_t v = 0; v <= CAP_LAST_CAP; v++)
			if (CAP_IS_SUPPORTED(v) && !listed(v, bound, nbound))
				cap_drop_bound(v);
	for (size_t i = 0; i < nkeep; i++) {
		cap_flag_value_t have = CAP_CLEAR;

		cap_get_flag(now, keep[i], CAP_PERMITTED, &have);
		if (have != CAP_SET)
			continue;
		cap_set_flag(want, CAP_PERMITTED, 1, &keep[i], CAP_SET);
		cap_set_flag(want, CAP_EFFECTIVE, 1, &keep[i], CAP_SET);
	}
	rc = cap_set_proc(want);
	saved = errno;
	cap_free(want);
	cap_free(now);
	errno = saved;
	return rc;
}

int caps_keep_only(const cap_value_t *keep, size_t n)
{
	return caps_limit(keep, n, keep, n);
}

int caps_exec_none(void)
{
	/* With no_new_privs an exec never raises the permitted set above
	 * what we hold, which is nothing by then. */
	if (caps_limit(NULL, 0, NULL, 0) < 0)
		return -1;
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

int caps_have(cap_value_t cap)
{
	cap_t now = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (!now)
		return 0;
	cap_get_flag(now, cap, CAP_EFFECTIVE, &v);
	cap_free(now);
	return v == CAP_SET;
}
