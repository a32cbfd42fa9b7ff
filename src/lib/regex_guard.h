#ifndef LVS_REGEX_GUARD_H
#define LVS_REGEX_GUARD_H

/* Offset of a repetition operator (* + ? {) that directly follows another
 * one ("a++", "a*{2}"), outside brackets and escapes; -1 if none. POSIX
 * leaves such an expression undefined and glibc's regcomp can spend
 * gigabytes on one, so nanny and lvs.cf refuse them before compiling. */
int regex_stacked_repetition(const char *re);

#endif
