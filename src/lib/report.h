/* The report protocol: the lines a nanny writes on its report descriptor
 * and lvsd reads, one line per write(2) (shorter than PIPE_BUF, so lines of
 * many nannies sharing a pipe never interleave):
 *
 *   up ADDR PORT WEIGHT          the server passed its checks: in, at WEIGHT
 *   weight ADDR PORT WEIGHT      still up, at a new WEIGHT (slow start, load)
 *   down ADDR PORT REASON...     out; REASON is free text ("-" when none)
 *   check ADDR PORT ok|fail USEC one check and its duration (--report-checks)
 *
 * ADDR is the numeric address without brackets (at most INET6_ADDRSTRLEN
 * characters); PORT and WEIGHT are 1 to 5 plain decimal digits, at most
 * 65535; USEC 1 to 12 digits. Fields are separated by blanks; a line end
 * (\r, \n) after the last field is allowed, anything else after it is not
 * (except in a down line's reason). */
#ifndef LVS_REPORT_H
#define LVS_REPORT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum report_kind { REPORT_UP, REPORT_WEIGHT, REPORT_DOWN, REPORT_CHECK };

/* The longest line report_format writes, newline included. */
#define REPORT_LINE_MAX 256

struct report {
	enum report_kind kind;
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned port;
	unsigned weight;		/* up, weight */
	const char *reason;		/* down: free text (parse: points into the line, "" if none) */
	size_t reason_len;		/* parse: its length without the line end */
	bool ok;			/* check */
	uint64_t usec;			/* check */
};

/* One line, newline included, into buf (at least REPORT_LINE_MAX bytes
 * for any reason: a longer one is cut and the line still ends in \n).
 * Returns its length. */
size_t report_format(const struct report *r, char *buf, size_t len);

/* Parses one line (its newline may be there or not). Returns 0, or -1 with
 * *why saying what is wrong (a static string). */
int report_parse(const char *line, struct report *r, const char **why);

#endif
