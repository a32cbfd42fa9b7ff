/* Pieces of JSON output on a strbuf: strings, times and numbers that are
 * not always known. */
#ifndef LVS_JSON_OUT_H
#define LVS_JSON_OUT_H

#include <stdbool.h>

#include "strbuf.h"

/* A JSON string: " and \ escaped, control characters as \u00XX, other
 * bytes as they are (the inputs are UTF-8 or ASCII). NULL gives null. */
void json_string(struct strbuf *b, const char *s);
/* Seconds since the Epoch as an ISO 8601 UTC string
 * ("2026-11-24T18:50:01Z"); 0 or less gives null. */
void json_time(struct strbuf *b, double epoch);
/* A number with up to 6 decimals ("0.000412", "2.5"), or null when !known. */
void json_number(struct strbuf *b, bool known, double v);
void json_bool(struct strbuf *b, bool v);
/* The ISO 8601 text of json_time into buf (at least 21 bytes). */
void iso8601_utc(double epoch, char *buf, unsigned len);

#endif
