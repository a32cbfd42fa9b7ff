#include "config.h"

#include "nanny.h"
#include "log.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>

/* Report mode needs no capability at all: sockets to real servers and the
 * report pipe are unprivileged. Standalone mode keeps CAP_NET_ADMIN in the
 * permitted and inheritable sets only, so that the ipvsadm child can get it
 * through the ambient set; nanny itself runs with an empty effective set.
 * When we may (CAP_SETPCAP), the bounding set is cut down the same way.
 * Other programs we run (send_program, load program) start with nothing
 * anyway: see caps_exec_none() in child.c. */
int caps_restrict(bool standalone)
{
	cap_t caps;
	cap_value_t keep = CAP_NET_ADMIN;
	cap_flag_value_t have = CAP_CLEAR;
	int rc;

	caps = cap_get_proc();
	if (!caps)
		return -1;
	if (standalone)
		cap_get_flag(caps, keep, CAP_PERMITTED, &have);
	if (CAP_IS_SUPPORTED(CAP_SETPCAP)) {
		cap_flag_value_t setpcap = CAP_CLEAR;

		cap_get_flag(caps, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
		if (setpcap == CAP_SET)
			for (cap_value_t v = 0; v <= CAP_LAST_CAP; v++)
				if (!(standalone && v == keep) && CAP_IS_SUPPORTED(v))
					cap_drop_bound(v);
	}
	cap_clear(caps);
	if (have == CAP_SET) {
		cap_set_flag(caps, CAP_PERMITTED, 1, &keep, CAP_SET);
		cap_set_flag(caps, CAP_INHERITABLE, 1, &keep, CAP_SET);
	}
	rc = cap_set_proc(caps);
	cap_free(caps);
	if (rc == 0 && standalone && have != CAP_SET)
		log_warn("no CAP_NET_ADMIN: ipvsadm will run without it");
	return rc;
}

void caps_child_ambient(void)
{
	/* Fails harmlessly when CAP_NET_ADMIN was not kept. */
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0);
}
