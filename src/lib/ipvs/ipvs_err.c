#include "config.h"

#include "ipvs.h"

#include <errno.h>
#include <string.h>

/* ipvsadm 1.31's texts: some depend on the operation, the rest on errno. */
static const struct {
	enum ipvs_op op;	/* IPVS_OP_GET here means: any operation */
	bool any;
	int err;
	const char *msg;
} table[] = {
	{ IPVS_OP_ADD_SERVICE, false, EEXIST, "Service already exists" },
	{ IPVS_OP_ADD_SERVICE, false, ENOENT, "Scheduler or persistence engine not found" },
	{ IPVS_OP_EDIT_SERVICE, false, ESRCH, "No such service" },
	{ IPVS_OP_EDIT_SERVICE, false, ENOENT, "Scheduler or persistence engine not found" },
	{ IPVS_OP_DEL_SERVICE, false, ESRCH, "No such service" },
	{ IPVS_OP_ZERO, false, ESRCH, "No such service" },
	{ IPVS_OP_GET_SERVICE, false, ESRCH, "No such service" },
	{ IPVS_OP_ADD_DEST, false, ESRCH, "Service not defined" },
	{ IPVS_OP_ADD_DEST, false, EEXIST, "Destination already exists" },
	{ IPVS_OP_EDIT_DEST, false, ESRCH, "Service not defined" },
	{ IPVS_OP_EDIT_DEST, false, ENOENT, "No such destination" },
	{ IPVS_OP_DEL_DEST, false, ESRCH, "Service not defined" },
	{ IPVS_OP_DEL_DEST, false, ENOENT, "No such destination" },
	{ IPVS_OP_START_DAEMON, false, EEXIST, "Daemon has already run" },
	{ IPVS_OP_STOP_DAEMON, false, ESRCH, "No daemon is running" },
	{ IPVS_OP_GET, true, EPERM, "Permission denied (you must be root)" },
	{ IPVS_OP_GET, true, EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ..." },
	{ IPVS_OP_GET, true, ENOPROTOOPT, "Protocol not available" },
	{ IPVS_OP_GET, true, ENOMEM, "Memory allocation problem" },
	{ IPVS_OP_GET, true, EOPNOTSUPP, "Operation not supported with IPv6" },
	{ IPVS_OP_GET, true, EAFNOSUPPORT, "Operation not supported with specified address family" },
	{ IPVS_OP_GET, true, EMSGSIZE, "Module is wrong version" },
};

const char *ipvs_strerror(enum ipvs_op op, int err)
{
	if (err < 0)
		err = -err;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if ((table[i].any || table[i].op == op) && table[i].err == err)
			return table[i].msg;
	return strerror(err);
}
