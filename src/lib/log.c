#include "config.h"

#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* One logger per process: the only process-wide state in the library. */
static struct {
	const char *ident;
	enum log_target target;
	int max_priority;
	bool syslog_open;
} logger = { "lvs-suite", LOG_TO_STDERR, LOG_NOTICE, false };

static const char *const level_names[] = {
	[LOG_EMERG] = "emerg", [LOG_ALERT] = "alert", [LOG_CRIT] = "crit",
	[LOG_ERR] = "err", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
	[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
};

void log_open(const char *ident, enum log_target target, int max_priority)
{
	log_close();
	logger.ident = ident ? ident : "lvs-suite";
	logger.target = target;
	log_set_level(max_priority);
	if (target & LOG_TO_SYSLOG) {
		openlog(logger.ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		logger.syslog_open = true;
	}
}

void log_close(void)
{
	if (logger.syslog_open)
		closelog();
	logger.syslog_open = false;
}

void log_set_level(int max_priority)
{
	if (max_priority < LOG_EMERG)
		max_priority = LOG_EMERG;
	if (max_priority > LOG_DEBUG)
		max_priority = LOG_DEBUG;
	logger.max_priority = max_priority;
	if (logger.syslog_open)
		setlogmask(LOG_UPTO(max_priority));
}

int log_get_level(void)
{
	return logger.max_priority;
}

/* The whole line in one write(2): in the foreground pulse, its lvsd and
 * their nannies share one stderr, and a line written in pieces (stderr is
 * unbuffered: the prefix, the message and the newline were three writes)
 * got the others' lines spliced into it. */
static void stderr_line(int priority, const char *fmt, va_list ap, int saved_errno)
{
	char small[1024], *line = small, stamp[32];
	struct timespec now;
	struct tm tm;
	va_list copy;
	int n, m;
	size_t len, done = 0;

	clock_gettime(CLOCK_REALTIME, &now);
	localtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	n = snprintf(small, sizeof(small) - 2, "%s.%03ld %s[%ld] %s: ", stamp, now.tv_nsec / 1000000L,
		     logger.ident, (long)getpid(), log_level_name(priority));
	if (n < 0)
		return;
	if ((size_t)n > sizeof(small) - 3)
		n = (int)sizeof(small) - 3;
	va_copy(copy, ap);
	errno = saved_errno;
	m = vsnprintf(small + n, sizeof(small) - (size_t)n - 1, fmt, copy);
	va_end(copy);
	if (m < 0)
		return;
	if ((size_t)m >= sizeof(small) - (size_t)n - 1) {
		line = malloc((size_t)n + (size_t)m + 2);
		if (line) {
			memcpy(line, small, (size_t)n);
			va_copy(copy, ap);
			errno = saved_errno;
			vsnprintf(line + n, (size_t)m + 1, fmt, copy);
			va_end(copy);
		} else {
			line = small; /* cut, rather than lost */
			m = (int)(sizeof(small) - (size_t)n - 2);
		}
	}
	line[n + m] = '\n';
	len = (size_t)n + (size_t)m + 1;
	while (done < len) {
		ssize_t w = write(STDERR_FILENO, line + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (line != small)
		free(line);
}

void log_vmsg(int priority, const char *fmt, va_list ap)
{
	int saved_errno = errno; /* callers may format %m after us */

	if (priority > logger.max_priority)
		return;
	if (logger.target & LOG_TO_STDERR)
		stderr_line(priority, fmt, ap, saved_errno);
	if (logger.target & LOG_TO_SYSLOG) {
		errno = saved_errno;
		vsyslog(priority, fmt, ap);
	}
	errno = saved_errno;
}

void log_msg(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(priority, fmt, ap);
	va_end(ap);
}

int log_level_from_name(const char *name)
{
	char *end;
	long n;

	if (!name || !*name)
		return -1;
	if (strcasecmp(name, "none") == 0)
		return LOG_NOTICE;
	n = strtol(name, &end, 10);
	if (*end == '\0')
		return (n >= LOG_EMERG && n <= LOG_DEBUG) ? (int)n : -1;
	for (int i = LOG_EMERG; i <= LOG_DEBUG; i++)
		if (strcasecmp(name, level_names[i]) == 0)
			return i;
	if (strcasecmp(name, "error") == 0)
		return LOG_ERR;
	if (strcasecmp(name, "warn") == 0)
		return LOG_WARNING;
	return -1;
}

const char *log_level_name(int priority)
{
	if (priority < LOG_EMERG || priority > LOG_DEBUG)
		return "?";
	return level_names[priority];
}
