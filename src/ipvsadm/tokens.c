#include "config.h"

#include "ipvsadm.h"

#include <stdlib.h>
#include <string.h>

/* Words are separated by blanks; there is no quoting and no comment syntax
 * (ipvsadm 1.31 has none either). */
int split_line(const char *line, const char *prog, char ***argvp)
{
	size_t cap = 8;
	int argc = 0;
	char **argv = malloc(cap * sizeof(*argv));
	const char *p = line;

	if (!argv)
		return -1;
	argv[argc++] = strdup(prog);
	for (;;) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		len = strcspn(p, " \t\n\r");
		if ((size_t)argc + 1 >= cap) {
			char **n = realloc(argv, (cap *= 2) * sizeof(*argv));

			if (!n)
				break;
			argv = n;
		}
		argv[argc++] = strndup(p, len);
		p += len;
	}
	argv[argc] = NULL;
	*argvp = argv;
	return argc;
}

void free_line_argv(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
