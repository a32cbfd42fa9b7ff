/* systemd's notification datagrams (see sd_notify.h). */
#include "config.h"

#include "sd_notify.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/* Plain decimal digits, no sign, no space, fits in 64 bits. */
static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

int sd_notify_parse(const char *notify_socket, const char *watchdog_usec, const char *watchdog_pid,
		    pid_t self, struct sd_notifier *n, const char **why)
{
	size_t len;
	uint64_t v, pid;

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	*why = NULL;
	if (!notify_socket || !*notify_socket)
		return 0; /* not started by systemd with Type=notify: nothing to say */
	len = strlen(notify_socket);
	if (notify_socket[0] != '/' && notify_socket[0] != '@') {
		*why = "NOTIFY_SOCKET is neither a path nor an abstract socket (@name): not notifying";
		return 0;
	}
	if (len >= sizeof(n->addr.sun_path) || len < 2) {
		*why = "NOTIFY_SOCKET does not fit a UNIX socket address: not notifying";
		return 0;
	}
	n->addr.sun_family = AF_UNIX;
	memcpy(n->addr.sun_path, notify_socket, len);
	if (notify_socket[0] == '@') {
		n->addr.sun_path[0] = '\0'; /* abstract: the name is the bytes after it, no NUL */
		n->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	} else {
		n->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	}
	n->enabled = true;
	if (!watchdog_usec)
		return 0;
	if (!parse_u64(watchdog_usec, &v) || v == 0) {
		*why = "WATCHDOG_USEC is not a number of microseconds above 0: no watchdog messages";
		return 0;
	}
	if (watchdog_pid) {
		if (!parse_u64(watchdog_pid, &pid) || pid == 0) {
			*why = "WATCHDOG_PID is not a process id: no watchdog messages";
			return 0;
		}
		if (pid != (uint64_t)self)
			return 0; /* the watchdog is another process's */
	}
	n->watchdog_usec = v;
	return 0;
}

int sd_notify_send(struct sd_notifier *n, const char *msg)
{
	size_t len = strlen(msg);
	ssize_t sent;

	if (!n->enabled)
		return 0;
	if (n->fd < 0) {
		n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (n->fd < 0)
			return -1;
	}
	sent = sendto(n->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL, (const struct sockaddr *)&n->addr,
		      n->addr_len);
	if (sent < 0)
		return -1;
	if ((size_t)sent != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

void sd_notify_close(struct sd_notifier *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}

double sd_notify_watchdog_interval(const struct sd_notifier *n)
{
	return n->watchdog_usec ? (double)n->watchdog_usec / 2e6 : 0;
}
