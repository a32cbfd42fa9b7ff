#include "config.h"

#include <stdbool.h>

#include "regex_guard.h"

/* See regex_guard.h. */
int regex_stacked_repetition(const char *re)
{
	bool after_rep = false;

	for (int i = 0; re[i]; i++) {
		char c = re[i];

		if (c == '\\' && re[i + 1]) {
			i++;
			after_rep = false;
		} else if (c == '[') {
			/* A bracket expression: "[]...]" and "[^]...]" hold a literal ]. */
			int j = i + 1;

			if (re[j] == '^')
				j++;
			if (re[j] == ']')
				j++;
			while (re[j] && re[j] != ']')
				j++;
			i = re[j] ? j : j - 1;
			after_rep = false;
		} else if (c == '*' || c == '+' || c == '?' || c == '{') {
			if (after_rep)
				return i;
			if (c == '{')
				while (re[i + 1] && re[i] != '}')
					i++;
			after_rep = true;
		} else {
			after_rep = false;
		}
	}
	return -1;
}
