#include "config.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
#include "tap.h"

/* In a child, so that the parent keeps CAP_SETPCAP for the tests below:
 * keep CAP_NET_ADMIN with an empty bounding set (as lvsd does). Exit 0, or
 * the number of the check that failed. */
static int limit_in_child(int had_admin)
{
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (caps_limit(keep, 1, NULL, 0) < 0)
			_exit(1);
		if (caps_have(CAP_NET_ADMIN) != had_admin || caps_have(CAP_NET_RAW))
			_exit(2);
		if (had_admin && (prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0) != 0 ||
				  prctl(PR_CAPBSET_READ, CAP_NET_RAW, 0, 0, 0) != 0))
			_exit(3);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* caps_exec_none in a child: no capability left in any set but the
 * bounding one, and no_new_privs. Exit 0, or the number of the failed check. */
static int exec_none_in_child(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		cap_t now, none;
		int same;

		if (caps_exec_none() < 0)
			_exit(1);
		if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
			_exit(2);
		now = cap_get_proc();
		none = cap_init();
		same = now && none && cap_compare(now, none) == 0;
		cap_free(now);
		cap_free(none);
		_exit(same ? 0 : 3);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Runs as root in CI (all capabilities) and as a user elsewhere (none). */
int main(void)
{
	static const cap_value_t keep[] = { CAP_NET_ADMIN };
	int had_admin = caps_have(CAP_NET_ADMIN);

	is_int(limit_in_child(had_admin), 0,
	       "caps_limit: CAP_NET_ADMIN kept (if it was there), out of an emptied bounding set");
	is_int(exec_none_in_child(), 0, "caps_exec_none: every set empty, no_new_privs on");

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
