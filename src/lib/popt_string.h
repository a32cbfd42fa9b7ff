/* String options through popt without its leak. */
#ifndef LVS_POPT_STRING_H
#define LVS_POPT_STRING_H

#include <popt.h>
#include <stdbool.h>
#include <stddef.h>

/* popt stores a POPT_ARG_STRING option through its pointer and loses the
 * copy an earlier use left, so "-c a -c b" leaks "a". Declare such options
 * with arg NULL and val POPT_STRING(i) instead, and pass every value
 * poptGetNextOpt returns to popt_take_string: *slots[i] then holds the last
 * use (free() it), and the earlier copies are freed. */
#define POPT_STRING_BASE 0x5300
#define POPT_STRING(i) (POPT_STRING_BASE + (i))

/* True when rc was one of the n string options (and was stored). */
bool popt_take_string(poptContext ctx, int rc, char **const slots[], size_t n);

#endif
