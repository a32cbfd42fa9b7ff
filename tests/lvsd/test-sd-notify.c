/* lvsd's systemd notifications (src/lvsd/sd_notify.c): the variables
 * NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID as systemd sets them (and
 * as it does not), then real datagrams to a path socket and to an
 * abstract one that this test holds. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sd_notify.h"
#include "tap.h"

static void test_parse(void)
{
	struct sd_notifier n;
	const char *why;

	sd_notify_parse(NULL, "1000000", NULL, 42, &n, &why);
	ok(!n.enabled && !why, "no NOTIFY_SOCKET: nothing to do, nothing to say");
	sd_notify_parse("", NULL, NULL, 42, &n, &why);
	ok(!n.enabled && !why, "an empty NOTIFY_SOCKET: the same");
	sd_notify_parse("/run/systemd/notify", NULL, NULL, 42, &n, &why);
	ok(n.enabled && !why, "a path: enabled");
	is_int(n.addr_len, offsetof(struct sockaddr_un, sun_path) + strlen("/run/systemd/notify") + 1,
	       "a path: its length with the NUL");
	is_str(n.addr.sun_path, "/run/systemd/notify", "a path: the address");
	is_int(n.watchdog_usec, 0, "no WATCHDOG_USEC: no watchdog");
	sd_notify_parse("@sd-notify/42", NULL, NULL, 42, &n, &why);
	ok(n.enabled && !why, "an abstract socket: enabled");
	ok(n.addr.sun_path[0] == '\0' && !memcmp(n.addr.sun_path + 1, "sd-notify/42", 12),
	   "an abstract socket: a NUL, then the name");
	is_int(n.addr_len, offsetof(struct sockaddr_un, sun_path) + 13, "an abstract socket: no trailing NUL");
	sd_notify_parse("vsock:2:1234", NULL, NULL, 42, &n, &why);
	ok(!n.enabled && why && strstr(why, "NOTIFY_SOCKET"), "vsock: not supported, says so");
	{
		char longp[200];

		memset(longp, 'a', sizeof(longp) - 1);
		longp[0] = '/';
		longp[sizeof(longp) - 1] = '\0';
		sd_notify_parse(longp, NULL, NULL, 42, &n, &why);
		ok(!n.enabled && why, "a path too long: not used, says so");
	}
	sd_notify_parse("/n", "10000000", NULL, 42, &n, &why);
	is_int(n.watchdog_usec, 10000000, "WATCHDOG_USEC without WATCHDOG_PID: ours");
	ok(sd_notify_watchdog_interval(&n) == 5.0, "WatchdogSec=10: every 5 s");
	sd_notify_parse("/n", "10000000", "42", 42, &n, &why);
	is_int(n.watchdog_usec, 10000000, "WATCHDOG_PID our pid: ours");
	sd_notify_parse("/n", "10000000", "43", 42, &n, &why);
	ok(n.enabled && n.watchdog_usec == 0 && !why, "WATCHDOG_PID another pid: not ours, still notifying");
	sd_notify_parse("/n", "10s", NULL, 42, &n, &why);
	ok(n.enabled && n.watchdog_usec == 0 && why, "WATCHDOG_USEC not a number: no watchdog, says so");
	sd_notify_parse("/n", "0", NULL, 42, &n, &why);
	ok(n.watchdog_usec == 0 && why, "WATCHDOG_USEC 0: no watchdog, says so");
	sd_notify_parse("/n", "-5", NULL, 42, &n, &why);
	ok(n.watchdog_usec == 0 && why, "WATCHDOG_USEC negative: refused");
	sd_notify_parse("/n", "99999999999999999999999", NULL, 42, &n, &why);
	ok(n.watchdog_usec == 0 && why, "WATCHDOG_USEC beyond 64 bits: refused");
	sd_notify_parse("/n", "1000", "x", 42, &n, &why);
	ok(n.watchdog_usec == 0 && why, "WATCHDOG_PID not a number: no watchdog, says so");
}

/* Bind a datagram socket at addr, send msg through the notifier, read it. */
static void round_trip(const char *var, const char *what)
{
	struct sd_notifier n;
	const char *why;
	char buf[64] = "";
	int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ssize_t got = -1;

	sd_notify_parse(var, NULL, NULL, getpid(), &n, &why);
	if (s >= 0 && bind(s, (struct sockaddr *)&n.addr, n.addr_len) == 0 &&
	    sd_notify_send(&n, "READY=1") == 0 && sd_notify_send(&n, "WATCHDOG=1") == 0)
		got = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	ok(got == 7 && !memcmp(buf, "READY=1", 7), "%s: READY=1 arrives", what);
	got = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	ok(got == 10 && !memcmp(buf, "WATCHDOG=1", 10), "%s: then WATCHDOG=1, one datagram each", what);
	sd_notify_close(&n);
	if (s >= 0)
		close(s);
}

int main(void)
{
	char dir[] = "/tmp/test-sd-notify.XXXXXX", path[128], abs[64];
	struct sd_notifier off = { .fd = -1 };

	test_parse();
	ok(sd_notify_send(&off, "READY=1") == 0, "not under systemd: sending is a no-op");
	if (!mkdtemp(dir)) {
		ok(0, "temporary directory");
		return tap_done();
	}
	snprintf(path, sizeof(path), "%s/notify", dir);
	round_trip(path, "a path socket");
	unlink(path);
	rmdir(dir);
	snprintf(abs, sizeof(abs), "@lvsd-test-notify/%d", (int)getpid());
	round_trip(abs, "an abstract socket");
	{
		/* Nobody listens: an error, at once (no blocking). */
		struct sd_notifier n;
		const char *why;

		snprintf(abs, sizeof(abs), "@lvsd-test-nobody/%d", (int)getpid());
		sd_notify_parse(abs, NULL, NULL, getpid(), &n, &why);
		ok(sd_notify_send(&n, "READY=1") < 0, "nobody listening: an error, not a hang");
		sd_notify_close(&n);
	}
	return tap_done();
}
