#include "config.h"

#include <sys/prctl.h>
#include <unistd.h>

#include "caps.h"
#include "tap.h"

/* Runs as root in CI (all capabilities) and as a user elsewhere (none). */
int main(void)
{
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	int had_admin = caps_have(CAP_NET_ADMIN);

	ok(caps_keep_only(keep, 1) == 0, "keep only CAP_NET_ADMIN");
	is_int(caps_have(CAP_NET_ADMIN), had_admin, "CAP_NET_ADMIN kept if it was there");
	is_int(caps_have(CAP_NET_RAW), 0, "CAP_NET_RAW gone");
	is_int(caps_have(CAP_SYS_ADMIN), 0, "CAP_SYS_ADMIN gone");
	if (had_admin)
		is_int(prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0), 0, "CAP_NET_RAW out of the bounding set");
	else
		ok(1, "# SKIP not root: bounding set unchanged");
	ok(caps_keep_only(NULL, 0) == 0, "drop everything");
	is_int(caps_have(CAP_NET_ADMIN), 0, "nothing left");
	return tap_done();
}
