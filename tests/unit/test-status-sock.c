/* The status socket (src/lib/status_sock.c) on a real event loop: a
 * request is answered in full, a client that never reads a large answer
 * does not hold the loop up and is dropped after its time-out, and the
 * client side copies the answer out. Also the atomic metrics writer
 * (src/lib/metrics_file.c). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "metrics_file.h"
#include "lvs_ranges.h"
#include "status_sock.h"
#include "tap.h"

static char dir[] = "/tmp/test-status-XXXXXX";
static char path[256];
static size_t answer_size = 20;
static char last_request[STATUS_REQUEST_MAX];
static int ticks;

static int handler(void *ctx, const char *request, struct strbuf *out)
{
	(void)ctx;
	snprintf(last_request, sizeof(last_request), "%s", request);
	if (strcmp(request, "refuse") == 0)
		return -1;
	if (answer_size <= 20) {
		sb_printf(out, "answer to [%s]\n", request);
		return 0;
	}
	/* In blocks: building the answer must not be what takes the time. */
	{
		static char block[26 * 160];

		for (size_t i = 0; i < sizeof(block); i++)
			block[i] = (char)('a' + i % 26);
		for (size_t left = answer_size; left > 0;) {
			size_t n = left < sizeof(block) ? left : sizeof(block);

			sb_append(out, block, n);
			left -= n;
		}
	}
	return 0;
}

static void on_quit(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)t;
	(void)data;
	evloop_quit(loop, 0);
}

static void on_tick(struct evloop *loop, struct ev_timer *t, void *data)
{
	(void)loop;
	(void)data;
	ticks++;
	evloop_timer_arm(t, 0.01);
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_to(const char *p)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (strlen(p) >= sizeof(sa.sun_path))
		return -1;
	memcpy(sa.sun_path, p, strlen(p) + 1);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	return fd;
}

/* Runs the loop for secs seconds. */
static void run_for(struct evloop *loop, double secs)
{
	struct ev_timer *t = evloop_timer_new(loop, on_quit, NULL);

	evloop_timer_arm(t, secs);
	evloop_run(loop);
	evloop_timer_free(t);
}

/* A child process queries with status_query into a pipe while the loop
 * serves; returns what it printed and its exit status. */
static int query_in_child(struct evloop *loop, const char *request, char *out, size_t len)
{
	int p[2], status = -1;
	size_t got = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		_exit(status_query("test", path, request, p[1]));
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	for (int i = 0; i < 200; i++) {
		ssize_t n;

		run_for(loop, 0.01);
		while ((n = read(p[0], out + got, len - 1 - got)) > 0)
			got += (size_t)n;
		if (n == 0)
			break;
	}
	out[got] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_socket(void)
{
	struct evloop *loop = evloop_new();
	struct status_server *s;
	struct ev_timer *tick;
	struct stat st;
	char out[256];
	int fd;

	snprintf(path, sizeof(path), "%s/status.sock", dir);
	s = status_server_open(loop, path, handler, NULL);
	ok(s != NULL, "server listens on %s", path);
	if (!s)
		return;
	memset(&st, 0, sizeof(st));
	stat(path, &st);
	ok(S_ISSOCK(st.st_mode) && (st.st_mode & 077) == 0, "the socket is its owner's alone (mode %o)",
	   (unsigned)(st.st_mode & 0777));

	{
		struct status_server *twin = status_server_open(loop, path, handler, NULL);

		ok(twin == NULL && errno == EADDRINUSE, "a second server on a live socket is refused (EADDRINUSE)");
		status_server_close(twin);
	}
	is_int(query_in_child(loop, "status json\n", out, sizeof(out)), 0, "status_query exits 0");
	is_str(out, "answer to [status json]\n", "the answer, in full, for the line without its newline");
	is_int(status_server_clients(s), 0, "the client is gone once answered");

	/* A client that sends no newline but closes its sending side. */
	fd = connect_to(path);
	ok(fd >= 0 && write(fd, "status", 6) == 6 && shutdown(fd, SHUT_WR) == 0, "client: request without newline");
	run_for(loop, 0.05);
	{
		ssize_t n = read(fd, out, sizeof(out) - 1);

		out[n > 0 ? n : 0] = '\0';
	}
	is_str(out, "answer to [status]\n", "answered at the end of its request");
	close(fd);

	/* A refused request: the connection closes without an answer. */
	fd = connect_to(path);
	ok(fd >= 0 && write(fd, "refuse\n", 7) == 7, "client: a request the handler refuses");
	run_for(loop, 0.05);
	is_int(read(fd, out, sizeof(out)), 0, "... closed without an answer");
	close(fd);

	/* A client that never reads 4 MiB: the loop goes on, the client is
	 * dropped at its time-out. */
	answer_size = 4 << 20;
	status_server_set_timeout(s, 0.3);
	fd = connect_to(path);
	ok(fd >= 0 && write(fd, "status\n", 7) == 7, "client: asks for 4 MiB and never reads");
	tick = evloop_timer_new(loop, on_tick, NULL);
	evloop_timer_arm(tick, 0.01);
	ticks = 0;
	{
		double t0 = mono();

		run_for(loop, 0.2);
		ok(mono() - t0 < 0.5, "the loop is not held by the stuck client (%.2f s)", mono() - t0);
	}
	ok(ticks >= 5, "other timers keep firing meanwhile (%d ticks in 0.2 s)", ticks);
	is_int(status_server_clients(s), 1, "the stuck client is still being served at 0.2 s");
	run_for(loop, 0.3);
	is_int(status_server_clients(s), 0, "... and dropped after its time-out");
	{
		size_t got = 0;
		ssize_t n;

		fcntl(fd, F_SETFL, O_NONBLOCK);
		while ((n = read(fd, out, sizeof(out))) > 0)
			got += (size_t)n;
		ok(got > 0 && got < answer_size, "it got part of the answer, then end of file (%zu bytes)", got);
	}
	close(fd);

	/* A reader of a large answer gets all of it. */
	status_server_set_timeout(s, 5);
	{
		char *big = malloc(answer_size + 1);
		int p[2], status;
		size_t got = 0;
		pid_t pid;
		bool same = true;

		ok(big && pipe(p) == 0, "pipe for the big answer");
		pid = fork();
		if (pid == 0) {
			close(p[0]);
			_exit(status_query("test", path, "status\n", p[1]));
		}
		close(p[1]);
		fcntl(p[0], F_SETFL, O_NONBLOCK);
		for (int i = 0; i < 500 && got < answer_size; i++) {
			ssize_t n;

			run_for(loop, 0.005);
			while ((n = read(p[0], big + got, answer_size - got)) > 0)
				got += (size_t)n;
		}
		waitpid(pid, &status, 0);
		for (size_t i = 0; i < got && same; i++)
			same = big[i] == (char)('a' + i % 26);
		ok(got == answer_size && same, "a reading client gets all 4 MiB, in order (%zu bytes)", got);
		close(p[0]);
		free(big);
	}
	answer_size = 20;

	/* More clients than allowed: the extra ones are closed at once. */
	{
		int fds[STATUS_MAX_CLIENTS + 1];

		for (int i = 0; i <= STATUS_MAX_CLIENTS; i++)
			fds[i] = connect_to(path);
		run_for(loop, 0.05);
		is_int(status_server_clients(s), STATUS_MAX_CLIENTS, "at most %d clients at a time", STATUS_MAX_CLIENTS);
		for (int i = 0; i <= STATUS_MAX_CLIENTS; i++)
			close(fds[i]);
		run_for(loop, 0.05);
		is_int(status_server_clients(s), 0, "clients that hang up are let go");
	}

	evloop_timer_free(tick);
	status_server_close(s);
	ok(access(path, F_OK) < 0, "closing removes the socket file");

	/* A stale socket file (its daemon died) is replaced; a file another
	 * server put there since is not removed by the first one's close. */
	{
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		int stale = socket(AF_UNIX, SOCK_STREAM, 0);
		struct status_server *a, *b;

		memcpy(sa.sun_path, path, strlen(path) + 1);
		ok(stale >= 0 && bind(stale, (struct sockaddr *)&sa, sizeof(sa)) == 0, "a stale socket file");
		close(stale);
		a = status_server_open(loop, path, handler, NULL);
		ok(a != NULL, "... is replaced by a new server");
		unlink(path);
		b = status_server_open(loop, path, handler, NULL);
		ok(b != NULL, "another server binds the path after the file was removed");
		status_server_close(a);
		ok(access(path, F_OK) == 0, "the first one's close leaves the other's socket file");
		status_server_close(b);
		ok(access(path, F_OK) < 0, "the other's close removes it");
	}
	is_int(query_in_child(loop, "status\n", out, sizeof(out)), 1, "status_query without a server: exit 1");
	evloop_free(loop);
}

static void test_metrics_file(void)
{
	char file[300], tmp[310], buf[64];
	struct stat st;
	FILE *f;
	size_t n;

	snprintf(file, sizeof(file), "%s/lvs.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	umask(077);
	is_int(metrics_write_atomic(file, "a 1\n", 4), 0, "metrics file written");
	f = fopen(file, "r");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	is_str(buf, "a 1\n", "... with the text given");
	memset(&st, 0, sizeof(st));
	stat(file, &st);
	ok((st.st_mode & 0777) == 0644, "... readable by all whatever the umask (%o)", (unsigned)(st.st_mode & 0777));
	ok(access(tmp, F_OK) < 0, "... and no temporary file left");
	{
		ino_t before = st.st_ino;

		is_int(metrics_write_atomic(file, "a 2\n", 4), 0, "written again");
		stat(file, &st);
		ok(st.st_ino != before, "a new file renamed over the old one, not rewritten in place");
	}
	/* A symbolic link where the temporary file goes is not followed. */
	ok(symlink("/etc/passwd", tmp) == 0, "a symbolic link planted at %s", tmp);
	is_int(metrics_write_atomic(file, "a 3\n", 4), -1, "the write fails rather than follow it");
	unlink(tmp);
	is_int(metrics_write_atomic("/nonexistent-dir/x.prom", "a\n", 2), -1, "a missing directory: -1");
	is_int(errno, ENOENT, "... errno ENOENT");
	unlink(file);

	{
		double v = 0;

		ok(metrics_parse_interval("15", &v) == 0 && v == 15, "interval 15");
		ok(metrics_parse_interval("0.5", &v) == 0 && v == 0.5, "interval 0.5");
		is_int(metrics_parse_interval("0", &v), -1, "interval 0 refused");
		is_int(metrics_parse_interval("-1", &v), -1, "negative refused");
		is_int(metrics_parse_interval("5s", &v), -1, "trailing text refused");
		ok(lvs_seconds_parse("0", true, 86400, &v) == 0 && v == 0, "seconds: 0 where allowed");
		is_int(lvs_seconds_parse("0", false, 86400, &v), -1, "seconds: 0 where not");
		ok(lvs_seconds_parse("86400", true, 86400, &v) == 0 && v == 86400, "seconds: the maximum");
		is_int(lvs_seconds_parse("86400.5", true, 86400, &v), -1, "seconds: above the maximum");
		is_int(lvs_seconds_parse("nan", true, 86400, &v), -1, "seconds: nan refused");
		is_int(lvs_seconds_parse("", true, 86400, &v), -1, "seconds: empty refused");
		is_int(metrics_parse_interval("", &v), -1, "empty refused");
		is_int(metrics_parse_interval("100000", &v), -1, "more than a day refused");
	}
}

/* The periodic writer: the file appears at once and is rewritten each
 * interval; stopping removes it. */
static int rounds;
static int render(void *ctx, struct strbuf *out)
{
	(void)ctx;
	sb_printf(out, "round %d\n", ++rounds);
	return 0;
}

static void test_periodic(void)
{
	struct evloop *loop = evloop_new();
	char file[300], buf[64];
	struct metrics_file *m;
	FILE *f;
	size_t n;

	snprintf(file, sizeof(file), "%s/periodic.prom", dir);
	m = metrics_file_start(loop, file, 0.1, render, NULL);
	ok(m && access(file, F_OK) == 0, "the metrics file is written at start");
	run_for(loop, 0.35);
	ok(rounds >= 3 && rounds <= 5, "... and every interval after (%d rounds in 0.35 s at 0.1 s)", rounds);
	metrics_file_update(m);
	f = fopen(file, "r");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	{
		char want[32];

		snprintf(want, sizeof(want), "round %d\n", rounds);
		is_str(buf, want, "an update writes the latest at once");
	}
	metrics_file_stop(m);
	ok(access(file, F_OK) < 0, "stopping removes the file");
	evloop_free(loop);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_socket();
	test_metrics_file();
	test_periodic();
	rmdir(dir);
	return tap_done();
}
