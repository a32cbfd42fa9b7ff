#!/usr/bin/env python3
"""bench/results.csv -> the bench section of bench/results.md.

usage: summarize.py RESULTS.CSV STARTED MACHINE LOG
Every run's figure is in the CSV; the tables give median (min-max), the run
count and the ratio of this suite's median to the peer's."""
import csv
import statistics
import sys

all_rows = list(csv.DictReader(open(sys.argv[1])))
commits = []
for r in all_rows:
    if r["commit"] not in commits:
        commits.append(r["commit"])
# Each table shows the latest run that measured this suite's side of it, and
# takes the peer's column from that same run: only ratios from one run count.
# Earlier runs appear in the before/after table at the end. (Keyed by measure,
# metric and system: a run that left a metric or a system out, such as the
# host's nanny memory or the reloads through pulse, does not hide the latest
# figure measured for it.)
latest = {}
for r in all_rows:
    latest[(r["measure"], r["metric"], r["system"])] = r["commit"]
OURS_SIDE = ("ours", "pulse", "all")
started, machine, log = sys.argv[2], sys.argv[3], sys.argv[4]
notes = [l[len("# bench: "):].rstrip() for l in open(log) if l.startswith("# bench: ")]


def run_of(measure, metric, side):
    return latest.get((measure, metric, side))


def values(measure, system, metric, side=None):
    side = side or (system if system in OURS_SIDE else "ours")
    commit = run_of(measure, metric, side)
    out = []
    for r in all_rows:
        if (r["commit"] == commit and r["measure"] == measure and r["system"] == system
                and r["metric"] == metric):
            try:
                out.append(float(r["value"]))
            except ValueError:
                out.append(None)
    return out


def cell(v):
    good = [x for x in v if x is not None]
    if not v:
        return "-", None
    if not good:
        return "failed (%d of %d)" % (len(v), len(v)), None
    med = statistics.median(good)
    text = fmt(med)
    if len(good) > 1:
        text += " (%s-%s)" % (fmt(min(good)), fmt(max(good)))
    if len(good) < len(v):
        text += ", %d of %d failed" % (len(v) - len(good), len(v))
    return text, med


def fmt(x):
    return "%d" % round(x) if abs(x) >= 100 or x == int(x) else "%.1f" % x


def ratio(ours, peer):
    if ours is None or peer is None or peer == 0:
        return "-"
    return "%.2fx" % (ours / peer)


def table(title, measure, peer, metrics, command, goal_lines=(), ours="ours"):
    print("### %s\n" % title)
    # A table carried over from an earlier run says which.
    older = sorted({run_of(measure, m, ours) for m, _ in metrics
                    if run_of(measure, m, ours) not in (None, commits[-1])})
    if older:
        print("Figures here from %s come from an earlier `make bench` run (`bench/results.csv` has every row).\n"
              % ", ".join(older))
    print("| measure | %s | this suite | runs | ratio (suite / %s) |" % (peer_name[peer], peer_name[peer]))
    print("|---|---:|---:|---:|---:|")
    for metric, label in metrics:
        p, pm = cell(values(measure, peer, metric, ours))
        o, om = cell(values(measure, ours, metric, ours))
        n = max(len(values(measure, peer, metric, ours)), len(values(measure, ours, metric, ours)))
        if p == "-" and o == "-":
            continue
        print("| %s | %s | %s | %d | %s |" % (label, p, o, n, ratio(om, pm)))
    print()
    for g in goal_lines:
        print("- " + g)
    if goal_lines:
        print()
    print("Command: `%s`\n" % command)


def med(measure, system, metric, side=None):
    return cell(values(measure, system, metric, side))[1]


def verdict(ok):
    return "**met**" if ok else "**not met**"


def goal(text, a, b, op):
    if a is None or b is None:
        return "%s: no figure" % text
    return "%s: %s (%s against %s)" % (text, verdict(op(a, b)), fmt(a), fmt(b))


peer_name = {"keepalived": "keepalived", "debian": "Debian ipvsadm 1.31"}
servers = med("meta", "all", "servers") or 0
window = med("meta", "all", "window_s") or 0
le = lambda a, b: a <= b

print("## Side by side: health checks, detection, reload, table load, start-up, memory\n")
print("Measured %s on %s, with `make bench` (bench/run.sh). Everything but the" % (started, machine))
print("nanny memory figure comes from one lab VM run: Debian's kernel under qemu with")
print("software emulation (2 vCPUs), this suite and its peer one after the other on the same")
print("namespaces, alternating which goes first. The machines are shared and emulated, so")
print("**only the ratios measured in this one run count**; the absolute figures are far")
print("slower than on hardware. Cells: median (min-max) over the runs. Every run's figure")
print("is in `bench/results.csv`.\n")

table("1. Health checks at scale: %d real servers, TCP check every 1 s, %d s window" % (servers, window),
      "health", "keepalived",
      [("cpu_percent", "CPU, user + sys, % of one CPU"),
       ("checks_per_s", "checks done per second (connections at the servers)"),
       ("cpu_us_per_check", "CPU per check, us"),
       ("switches_per_check", "context switches per check"),
       ("processes", "processes")],
      "make bench  # bench/suite.sh health_run",
      [goal("CPU per check <= keepalived's", med("health", "ours", "cpu_us_per_check"),
            med("health", "keepalived", "cpu_us_per_check"), le),
       "why this suite is behind: a check is a wake-up of its own process, about two context switches against "
       "keepalived's one, and in this emulated lab each switch of address space is dear; in the latest floor "
       "experiment (its own VM run) the least a process per server can do cost 1.14x keepalived and this suite "
       "matched it (\"the check floor\" and \"Fewer system calls and wake-ups per check\" below)."])
table("1b. Detection: 10 servers of one virtual stop at once (connections refused)", "detect", "keepalived",
      [("ten_servers_out_ms", "until all 10 are out of the table, ms"),
       ("ten_servers_back_ms", "until all are back after a restart, ms")],
      "make bench  # bench/suite.sh health_run",
      [goal("detection <= keepalived's", med("detect", "ours", "ten_servers_out_ms"),
            med("detect", "keepalived", "ten_servers_out_ms"), le)])
reload_rows = [("weight_ms", "one server's weight changed: until the table shows it, ms"),
               ("weight_restarted", "  checkers restarted"),
               ("add_server_ms", "one server added: until it is in the table, ms"),
               ("add_server_restarted", "  checkers restarted"),
               ("add_server_started", "  checkers started"),
               ("remove_virtual_ms", "one virtual removed: until it is gone, ms"),
               ("remove_virtual_restarted", "  checkers restarted"),
               ("live_connection_survived", "live connection through an unchanged virtual survived (1 = yes)")]
table("2. Reload (SIGHUP) of the same configuration", "reload", "keepalived", reload_rows,
      "make bench  # bench/suite.sh reload_step",
      [goal("weight change no slower than keepalived's", med("reload", "ours", "weight_ms"),
            med("reload", "keepalived", "weight_ms"), le),
       goal("server added no slower", med("reload", "ours", "add_server_ms"), med("reload", "keepalived", "add_server_ms"), le),
       goal("virtual removed no slower", med("reload", "ours", "remove_virtual_ms"),
            med("reload", "keepalived", "remove_virtual_ms"), le),
       "checkers restarted: for this suite, nannies of servers present before and after whose pid changed; "
       "for keepalived, checker processes whose pid changed (its checks are not processes)."])
if values("reload", "pulse", "weight_ms"):
    table("2b. The same reloads through pulse (SIGHUP to pulse, which passes it to its lvsd)", "reload", "keepalived",
          reload_rows,
          "make bench  # bench/suite.sh pulse_reload_run",
          [goal("weight change through pulse no slower than keepalived's", med("reload", "pulse", "weight_ms"),
                med("reload", "keepalived", "weight_ms", "pulse"), le),
           goal("server added no slower", med("reload", "pulse", "add_server_ms"),
                med("reload", "keepalived", "add_server_ms", "pulse"), le),
           goal("virtual removed no slower", med("reload", "pulse", "remove_virtual_ms"),
                med("reload", "keepalived", "remove_virtual_ms", "pulse"), le),
           "pulse runs alone here (its backup never answers), in hot standby, so its lvsd holds the table; "
           "keepalived's column is the same run's direct SIGHUP."],
          ours="pulse")
shapes = sorted({r["measure"][len("table_"):] for r in all_rows if r["measure"].startswith("table_")},
                key=lambda s: [int(x) for x in s.split("x")])
for shape in shapes:
    m = "table_" + shape
    svc, rs = shape.split("x")
    table("3. Table load: %s services x %s servers" % (svc, rs), m, "debian",
          [("restore_ms", "ipvsadm -R into an empty table, ms"),
           ("list_ms", "ipvsadm -L -n, ms"),
           ("save_ms", "ipvsadm -S -n, ms"),
           ("stats_ms", "ipvsadm -L -n --stats, ms")],
          "make bench  # bench/suite.sh table_run",
          [goal("restore at least 2x faster (ratio <= 0.5)", med(m, "ours", "restore_ms"),
                (med(m, "debian", "restore_ms") or 0) / 2 if med(m, "debian", "restore_ms") else None, le)]
          + [goal("%s not slower" % what, med(m, "ours", k), med(m, "debian", k), le)
             for k, what in (("list_ms", "-L -n"), ("save_ms", "-S -n"), ("stats_ms", "-L -n --stats"))])
table("4. Start-up: until every one of the %d servers is in the table" % servers, "startup", "keepalived",
      [("all_servers_in_ms", "from the start of the daemon, ms")],
      "make bench  # bench/suite.sh health_run",
      [goal("start-up <= keepalived's", med("startup", "ours", "all_servers_in_ms"),
            med("startup", "keepalived", "all_servers_in_ms"), le),
       "keepalived runs with `alpha`, so that its servers too enter the table only after a passing check "
       "(without it, keepalived adds every server unchecked at once).",
       "why this suite is behind: the guest's CPU is saturated while 1,000 nannies start, each forked by lvsd's "
       "zygote, setting itself up and checking, beside the checks of those already running. The exec per "
       "nanny, two thirds of the old floor, is gone (\"A nanny zygote\" below); 1,000 bare checkers forked "
       "without an exec checked in 2.0-2.3 s in this lab, so what is left is nanny's own start and lvsd's "
       "part, not the process per server."])
table("5. Memory at %d servers" % servers, "memory", "keepalived",
      [("pss_total_kib", "whole system's PSS, KiB (daemon and its children)"),
       ("nanny_private_kib", "private memory per nanny, 1,000 running on the host, KiB")],
      "make bench  # PSS: bench/suite.sh; per nanny: bench/nanny-memory.sh BUILD 1000",
      [goal("private memory per nanny under 300 KiB", med("memory", "ours", "nanny_private_kib"), 300, le),
       "why this suite's PSS is higher: a process per real server, as the design has it, against keepalived's one "
       "checker process; each nanny's share is its own stack, heap and page tables."])
if len(commits) > 1:
    print("### Before and after, health checks at scale\n")
    print("Each commit measured in its own `make bench` run (the ratio to keepalived is the figure to compare).\n")
    print("| commit | measure | keepalived | this suite | runs | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    for c in commits:
        for metric, label in (("cpu_us_per_check", "CPU per check, us"), ("switches_per_check", "context switches per check"),
                              ("checks_per_s", "checks per second")):
            vs = lambda sysname: [float(r["value"]) for r in all_rows if r["commit"] == c and r["measure"] == "health"
                                  and r["system"] == sysname and r["metric"] == metric and r["value"] != "NA"]
            p, o = vs("keepalived"), vs("ours")
            if not p and not o:
                continue
            pm = statistics.median(p) if p else None
            om = statistics.median(o) if o else None
            print("| %s | %s | %s | %s | %d | %s |" % (c, label, fmt(pm) if p else "-", fmt(om) if o else "-",
                                                      max(len(p), len(o)), ratio(om, pm)))
    print()
if notes:
    print("Notes from the run:\n")
    for n in notes:
        print("- " + n)
    print()
