#!/usr/bin/env python3
"""Summarise bench/failover/results.csv (written by run.sh) as Markdown.

Usage: summarize.py RESULTS.CSV STARTED HOST
Every run is in the CSV; this prints medians, minima and maxima per cell,
the ratio of this suite's median to keepalived's, and the flows kept.
A variant run (run.sh with BENCH_SECTION) sets SUMMARY_TITLE, SUMMARY_COMMAND
and SUMMARY_NOTE."""
import csv
import os
import statistics
import sys

path, started, host = sys.argv[1], sys.argv[2], sys.argv[3]
runs, soaks = [], []
with open(path) as f:
    for row in csv.reader(f):
        if not row or row[0] in ("system", "soak") and row[1] in ("budget", "system"):
            continue
        (soaks if row[0] == "soak" else runs).append(row)

NAMES = {"ours": "this suite", "kad": "keepalived"}
FAULTS = {"power": "power loss", "kill": "kill -9"}


def label(budget):
    ka, dt, adv, ver = budget.split("/")
    return f"{ka} / {dt} vs advert {adv} (v{ver})"


def cell(budget, fault, system, sync="1"):
    return [r for r in runs if r[1] == budget and r[2] == fault and r[0] == system and r[4] == sync]


def times(rows):
    return [int(r[6]) for r in rows if r[5] == "ok" and r[6] != "none"]


def describe(ts, n):
    if not ts:
        return "no answer", None
    med = statistics.median(ts)
    text = f"{med:.0f} ({min(ts)}-{max(ts)})"
    if len(ts) < n:
        text += f", {n - len(ts)} of {n} failed"
    return text, med


def failed(rows):
    """Probes started after the fault that failed, summed over the runs:
    refused / reset / timed out."""
    ok = [r for r in rows if r[5] == "ok"]
    return "/".join(str(sum(int(r[i]) for r in ok)) for i in (10, 11, 12)) if ok else "-"


def kept(rows):
    return ", ".join(r[7] if r[5] == "ok" else r[5] for r in rows) or "-"


out = []
out.append("## " + os.environ.get("SUMMARY_TITLE", "Failover: this suite (hot standby) against keepalived") + "\n")
out.append(f"Measured {started} on {host}, in one lab VM run (Debian's kernel under qemu")
out.append("with software emulation, 2 vCPUs). Only the ratios mean something: the guest is")
out.append("emulated and the host shared. Command (as root, from the source tree):\n")
out.append("    " + os.environ.get("SUMMARY_COMMAND", "bench/failover/run.sh            # BENCH_RUNS=5 BENCH_SOAK=60 by default") + "\n")
if os.environ.get("SUMMARY_NOTE"):
    out.append(os.environ["SUMMARY_NOTE"] + "\n")
out.append("Time from the fault to the end of the first answered client request (a new")
out.append("TCP connection every 10 ms, 1 s time-out), in ms: median (min-max). Flows")
out.append("kept: of 20 long-lived NAT connections echoing every 20 ms, those still")
out.append("alive and echoing after the takeover (counted 2 x deadtime + 4 s after the")
out.append("fault), one figure per run. Sync daemon on. A power loss counts from the")
out.append("moment both of the router's links are down.")
out.append("kill -9 is of pulse (lvsd and the table stay) and of every keepalived")
out.append("process on the router, by one kill at the moment the fault counts from.\n")
out.append("With kill -9 neither system stops forwarding (the killed router keeps its")
out.append("addresses and its IPVS table until the other one's announcement moves the")
out.append("traffic), so its time is one request's round trip and the figures that")
out.append("matter are the failed probes: refused / reset / timed out, summed over the")
out.append("runs of the cell.\n")
out.append("| timers (this suite / keepalived) | fault | keepalived | this suite | ratio | failed probes: keepalived | failed probes: this suite | flows kept: keepalived | flows kept: this suite |")
out.append("|---|---|---:|---:|---:|---|---|---|---|")
budgets = []
for r in runs:
    if r[1] not in budgets:
        budgets.append(r[1])
for b in budgets:
    for fault in ("power", "kill"):
        k, o = cell(b, fault, "kad"), cell(b, fault, "ours")
        if not k and not o:
            continue
        kt, km = describe(times(k), len(k))
        ot, om = describe(times(o), len(o))
        ratio = f"{om / km:.2f}x" if km and om is not None else "-"
        out.append(f"| {label(b)} | {FAULTS[fault]} | {kt} | {ot} | {ratio} | {failed(k)} | {failed(o)} | {kept(k)} | {kept(o)} |")


def announced(rows):
    """Fault -> the new active's first ARP frame at the client (the CSV's
    last column; runs before it was recorded have none)."""
    return [int(r[13]) for r in rows if r[5] == "ok" and len(r) > 13 and r[13].lstrip("-").isdigit()]


if any(announced(cell(b, f, s)) for b in budgets for f in ("power", "kill") for s in ("kad", "ours")):
    out.append("\nFrom the fault to the new active's first announcement as the client sees")
    out.append("it (an ARP frame from the backup's MAC for the VIP), in ms: detection and")
    out.append("takeover without the client's part.\n")
    out.append("| timers (this suite / keepalived) | fault | keepalived | this suite | ratio |")
    out.append("|---|---|---:|---:|---:|")
    for b in budgets:
        for fault in ("power", "kill"):
            k, o = cell(b, fault, "kad"), cell(b, fault, "ours")
            if not k and not o:
                continue
            kt, km = describe(announced(k), len(k))
            ot, om = describe(announced(o), len(o))
            ratio = f"{om / km:.2f}x" if km and om is not None else "-"
            out.append(f"| {label(b)} | {FAULTS[fault]} | {kt} | {ot} | {ratio} |")
nosync = [r for r in runs if r[4] == "0"]
if nosync:
    out.append("\nWithout the sync daemon (power loss, first budget): flows kept per run,")
    out.append("keepalived: " + kept([r for r in nosync if r[0] == "kad"]) +
               "; this suite: " + kept([r for r in nosync if r[0] == "ours"]) + ".")
if soaks:
    out.append("\nSoak without a fault under the same client load, tightest timers. False")
    out.append("takeovers count the backup's takeovers during the soak; split brains count")
    out.append("every one resolved in the routers' logs, start-up included.\n")
    out.append("| system | timers | seconds | false takeovers | split brains resolved | flows lost | probes ok / refused / reset / timed out |")
    out.append("|---|---|---:|---:|---:|---:|---|")
    for s in soaks:
        if s[3] != "ok":
            out.append(f"| {NAMES[s[1]]} | {label(s[2])} | - | {s[3]} | | | |")
            continue
        # keepalived logs no split-brain resolution the scenario could count.
        splits = "not counted" if s[1] == "kad" else s[6]
        out.append(f"| {NAMES[s[1]]} | {label(s[2])} | {s[4]} | {s[5]} | {splits} | {s[7]} | {s[8]} / {s[9]} / {s[10]} / {s[11]} |")
out.append("\nFailed probes after each fault (refused / reset / timed out), per run, are in")
out.append("`" + os.environ.get("SUMMARY_CSV", "bench/failover/results.csv") + "` with every other figure.")
print("\n".join(out))
