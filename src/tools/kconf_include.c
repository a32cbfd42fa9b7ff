/* Reading keepalived.conf and the files its includes name. */
#include "config.h"

#include "kconf.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int kconf_read_file(const char *path, char **text, size_t *len, char *why, size_t why_len)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0, cap = 0;
	char *buf = NULL;
	struct stat st;

	if (fd < 0) {
		snprintf(why, why_len, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(why, why_len, "is a directory");
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *b;

			if (cap > KCONF_MAX_SIZE) {
				snprintf(why, why_len, "file too large (at most %u bytes)", KCONF_MAX_SIZE);
				goto fail;
			}
			cap = cap ? cap * 2 : 8192;
			b = realloc(buf, cap + 1);
			if (!b) {
				snprintf(why, why_len, "out of memory");
				goto fail;
			}
			buf = b;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(why, why_len, "cannot read: %s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > KCONF_MAX_SIZE) {
		snprintf(why, why_len, "file too large (at most %u bytes)", KCONF_MAX_SIZE);
		goto fail;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (!buf && !(buf = malloc(1))) {
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return -1;
}

static int fs_read(void *ctx, const char *from, const char *pattern, struct kconf_file **files,
		   size_t *n, char *why, size_t why_len)
{
	char *full = NULL;
	glob_t g;
	int rc;

	(void)ctx;
	*files = NULL;
	*n = 0;
	if (!*pattern) {
		snprintf(why, why_len, "empty file name");
		return -1;
	}
	/* Relative to the directory of the file that includes, as keepalived. */
	if (pattern[0] != '/' && strcmp(from, "-") != 0 && strchr(from, '/')) {
		int dirlen = (int)(strrchr(from, '/') - from);

		if (asprintf(&full, "%.*s/%s", dirlen, from, pattern) < 0) {
			snprintf(why, why_len, "out of memory");
			return -1;
		}
	}
	rc = glob(full ? full : pattern, GLOB_BRACE | GLOB_MARK, NULL, &g);
	free(full);
	if (rc == GLOB_NOMATCH)
		return 0;
	if (rc != 0) {
		snprintf(why, why_len, "%s", rc == GLOB_NOSPACE ? "out of memory" : "cannot read a directory");
		if (rc != GLOB_ABORTED)
			globfree(&g);
		return -1;
	}
	*files = calloc(g.gl_pathc ? g.gl_pathc : 1, sizeof(**files));
	if (!*files) {
		globfree(&g);
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		struct kconf_file *f = &(*files)[*n];
		char sub[256];

		if (path[0] && path[strlen(path) - 1] == '/')
			continue;       /* GLOB_MARK: a directory */
		if (kconf_read_file(path, &f->text, &f->len, sub, sizeof(sub)) < 0) {
			snprintf(why, why_len, "%s: %s", path, sub);
			goto fail;
		}
		f->name = strdup(path);
		(*n)++;
		if (!f->name) {
			snprintf(why, why_len, "out of memory");
			goto fail;
		}
	}
	globfree(&g);
	return 0;
fail:
	globfree(&g);
	kconf_files_free(*files, *n);
	*files = NULL;
	*n = 0;
	return -1;
}

const struct kconf_reader kconf_fs_reader = { .read = fs_read, .ctx = NULL };
