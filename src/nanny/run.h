/* nanny's I/O shell: the event loop around the health state machine
 * (monitor.h). Signals, the probe or send_program, the load program, the
 * report descriptor and ipvsadm become events; the machine's actions
 * become checks started, lines written, ipvsadm runs and timers armed. */
#ifndef NANNY_RUN_H
#define NANNY_RUN_H

#include "monitor.h"

/* Runs until the machine exits (and, standalone, until the ipvsadm runs
 * that take our entry out are done). Returns the exit status. */
int nanny_run(const struct nanny_opts *o);

#endif
