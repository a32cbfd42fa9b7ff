/* systemd's notification protocol, written by lvsd itself (no libsystemd):
 * one datagram per message to the socket named by $NOTIFY_SOCKET (a path,
 * or "@name" for an abstract socket), "READY=1" once the table is built,
 * "WATCHDOG=1" from the event loop every half of $WATCHDOG_USEC (when
 * $WATCHDOG_PID, if set, is our pid), "STOPPING=1" at SIGTERM. A hung loop
 * stops the WATCHDOG messages, and systemd kills lvsd (WatchdogSec=). */
#ifndef LVSD_SD_NOTIFY_H
#define LVSD_SD_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

struct sd_notifier {
	bool enabled;            /* NOTIFY_SOCKET is usable */
	struct sockaddr_un addr;
	socklen_t addr_len;
	uint64_t watchdog_usec;  /* 0: no watchdog for us */
	int fd;                  /* -1 until the first message */
};

/* Pure: the notifier from the three variables' values (NULL: unset) and
 * our pid. Returns 0; *why is NULL, or says why a variable that was set
 * is not used (the notifier then goes without it). */
int sd_notify_parse(const char *notify_socket, const char *watchdog_usec, const char *watchdog_pid,
		    pid_t self, struct sd_notifier *n, const char **why);
/* Send one message (without blocking). 0, or -1 with errno. */
int sd_notify_send(struct sd_notifier *n, const char *msg);
void sd_notify_close(struct sd_notifier *n);
/* Seconds between two WATCHDOG=1: half the watchdog's time-out. */
double sd_notify_watchdog_interval(const struct sd_notifier *n);

#endif
