#include "config.h"

#include "log.h"
#include "tap.h"

int main(void)
{
	is_int(log_level_from_name("NONE"), LOG_NOTICE, "NONE means normal operation (notice)");
	is_int(log_level_from_name("debug"), LOG_DEBUG, "debug by name");
	is_int(log_level_from_name("Warning"), LOG_WARNING, "names are case-insensitive");
	is_int(log_level_from_name("warn"), LOG_WARNING, "warn is an alias");
	is_int(log_level_from_name("3"), LOG_ERR, "numeric priority");
	is_int(log_level_from_name("8"), -1, "numeric priority out of range");
	is_int(log_level_from_name("loud"), -1, "unknown name");
	is_int(log_level_from_name(""), -1, "empty name");
	is_str(log_level_name(LOG_INFO), "info", "name of info");
	log_open("test-log", LOG_TO_STDERR, LOG_INFO);
	is_int(log_get_level(), LOG_INFO, "level set by log_open");
	log_set_level(42);
	is_int(log_get_level(), LOG_DEBUG, "level clamped to debug");
	log_close();
	return tap_done();
}
