/* Logging for every lvs-suite program: syslog (facility daemon) normally,
 * stderr when a daemon runs in the foreground. */
#ifndef LVS_LOG_H
#define LVS_LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <syslog.h>

/* Destinations. LOG_TO_BOTH is what a foreground daemon under a supervisor wants
 * when it still should leave a trace in syslog. */
enum log_target {
	LOG_TO_SYSLOG = 1,
	LOG_TO_STDERR = 2,
	LOG_TO_BOTH = 3,
};

/* ident must stay valid for the life of the program (syslog keeps the pointer). */
void log_open(const char *ident, enum log_target target, int max_priority);
void log_close(void);

/* Messages with a priority numerically above max_priority are dropped. */
void log_set_level(int max_priority);
int log_get_level(void);

void log_msg(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(int priority, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* The names accepted by lvs.cf's debug_level: "none" (the original's value,
 * meaning normal operation = notice), err, warning, notice, info, debug, or a
 * syslog priority number 0-7. Case-insensitive. Returns -1 if unknown. */
int log_level_from_name(const char *name);
const char *log_level_name(int priority);

#endif
