#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "tap.h"

/* stderr as a packet socket: each write(2) arrives as one packet, so a line
 * written in pieces shows as several. Returns the first packet the logging
 * of one message makes (NUL-terminated, static), and the packets' count. */
static const char *one_line(int *packets, const char *fmt, const char *arg)
{
	static char got[8192];
	char extra[8192];
	int sv[2], saved;
	ssize_t n;

	*packets = 0;
	got[0] = '\0';
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return got;
	saved = dup(STDERR_FILENO);
	dup2(sv[0], STDERR_FILENO);
	errno = ENOENT;
	log_msg(LOG_NOTICE, fmt, arg);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(sv[0]);
	n = recv(sv[1], got, sizeof(got) - 1, 0);
	if (n > 0) {
		got[n] = '\0';
		*packets = 1;
		while (recv(sv[1], extra, sizeof(extra), MSG_DONTWAIT) > 0)
			(*packets)++;
	}
	close(sv[1]);
	return got;
}

static bool matches(const char *s, const char *ere)
{
	regex_t re;
	bool m;

	if (regcomp(&re, ere, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	m = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

static void test_one_write(void)
{
	char long_arg[3000];
	const char *line;
	int packets;

	log_open("test-log", LOG_TO_STDERR, LOG_INFO);
	line = one_line(&packets, "reloaded %s", "/etc/lvs.cf");
	is_int(packets, 1, "a line goes to stderr in one write (others sharing it cannot split it)");
	ok(matches(line, "^[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} test-log\\[[0-9]+\\] notice: reloaded /etc/lvs.cf\n$"),
	   "... the whole line: time, ident, pid, level, message, newline");
	line = one_line(&packets, "open %s: %m", "x");
	ok(packets == 1 && strstr(line, "open x: No such file or directory\n"), "%%m still formats errno");
	memset(long_arg, 'a', sizeof(long_arg) - 1);
	long_arg[sizeof(long_arg) - 1] = '\0';
	line = one_line(&packets, "%s", long_arg);
	ok(packets == 1 && strlen(line) > sizeof(long_arg) && strstr(line, long_arg) &&
	   line[strlen(line) - 1] == '\n', "a line longer than the stack buffer: one write, whole");
	log_close();
}

int main(void)
{
	is_int(log_level_from_name("NONE"), LOG_NOTICE, "NONE means normal operation (notice)");
	is_int(log_level_from_name("debug"), LOG_DEBUG, "debug by name");
	is_int(log_level_from_name("Warning"), LOG_WARNING, "names are case-insensitive");
	is_int(log_level_from_name("warn"), LOG_WARNING, "warn is an alias");
	is_int(log_level_from_name("3"), LOG_ERR, "numeric priority");
	is_int(log_level_from_name("8"), -1, "numeric priority out of range");
	is_int(log_level_from_name("loud"), -1, "unknown name");
	is_int(log_level_from_name(""), -1, "empty name");
	is_str(log_level_name(LOG_INFO), "info", "name of info");
	log_open("test-log", LOG_TO_STDERR, LOG_INFO);
	is_int(log_get_level(), LOG_INFO, "level set by log_open");
	log_set_level(42);
	is_int(log_get_level(), LOG_DEBUG, "level clamped to debug");
	log_close();
	test_one_write();
	return tap_done();
}
