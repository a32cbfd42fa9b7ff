#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "cmdline.h"
#include "tap.h"

int main(void)
{
	char **v;

	v = cmdline_split("/usr/bin/check --host %h --port %p '%h' 100%%", "192.0.2.5", 8080);
	ok(v != NULL, "split with substitutions");
	if (v) {
		is_str(v[2], "192.0.2.5", "%%h replaced");
		is_str(v[4], "8080", "%%p replaced");
		is_str(v[5], "%h", "single quotes are literal");
		is_str(v[6], "100%", "%%%% is a percent sign");
		ok(v[7] == NULL, "vector ends");
	}
	free(v);
	v = cmdline_split("/bin/echo %h; rm -rf /", NULL, 0);
	ok(v != NULL, "split without a host (pulse's active_cmd)");
	if (v) {
		is_str(v[1], "%h;", "without a host %%h stays, and ';' is an ordinary character");
		is_str(v[2], "rm", "the would-be second command is just words");
	}
	free(v);
	v = cmdline_split("say \"a \\\"quoted\\\" word\"", NULL, 0);
	ok(v && v[1] && !v[2], "double quotes group words");
	if (v)
		is_str(v[1], "a \"quoted\" word", "backslash-escaped quotes inside double quotes");
	free(v);
	errno = 0;
	ok(cmdline_split("echo 'open", NULL, 0) == NULL && errno == EINVAL, "unbalanced quote refused");
	ok(cmdline_split("   ", NULL, 0) == NULL && errno == EINVAL, "no word refused");
	return tap_done();
}
