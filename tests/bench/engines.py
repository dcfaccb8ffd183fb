#!/usr/bin/env python3
# SPDX-License-Identifier: ISC. Copyright 2026 the Yujiang authors.
"""
engines.py: the figures of issue 18 (item 6) -- the same routes on SQLite
and on PostgreSQL, with one and with two Kore front ends of one town.

    python3 tests/bench/engines.py          (make bench runs it last)

For each engine the script runs itself once more as a child process
(`engines.py --engine sqlite|postgresql OUT.json`), because the
integration harness (tests/integration/harness.py) reads
YUJIANG_TEST_ENGINE when it is imported: on postgresql it starts one
throw-away PostgreSQL cluster (tests/pg/pgserver.py) and gives the
Server an empty database there. The child starts a Server with the demo
data (`init`), measures everything on that one front end, then starts a
second front end on the same data directory and database
(Server(front_end_of=a)) and measures everything again with the load
split across both ports. The parent prints one table: route x {sqlite
1 FE, sqlite 2 FE, pg 1 FE, pg 2 FE}.

Routes (wrk --latency, BENCH_THREADS threads and BENCH_CONNS
connections in all; with two front ends two wrk processes run at once,
one per port, each with half of both, and their requests/s are summed,
their p99 the larger of the two):
  /hello                         the ceiling: a constant answer
  /api/v1/verify/<code>          a valid demo certificate's verification
  /courses, /api/v1/courses      the catalogue (page and JSON)
  /competitions/<id>/results     the demo's published results page
Then enrolment: BENCH_ENROL people (300) are registered beforehand
(register_api, spread across the front ends), and all of them enrol at
once (one thread each, released by a barrier) in a new run of capacity
BENCH_ENROL / 3, each through the front end it did not register on (one
front end: the same one): enrolments/s (people / wall time from the
barrier to the last answer) and p50/p99 of one enrolment; before them,
20 more enrol one at a time (the cost of one alone). The seat count
must be exactly the capacity (the answers, the database and the
catalogue), every answer 201: anything else is a wrong answer, said so,
and the script exits 1. Any non-2xx answer under wrk is one too.

Each row is printed also as "x hello": its requests/s divided by /hello's
in the same column. The CPU each part used during each measurement is
read from /proc (the front ends' processes, the PostgreSQL cluster's,
wrk's, and the whole machine's busy time), in cores: this is how the
notes judge what limits a figure.

Knobs: BENCH_DURATION (seconds per route, 5), BENCH_CONNS (32),
BENCH_THREADS (2), BENCH_ENROL (300), BENCH_ENGINES ("sqlite
postgresql"). Prints figures; never passes or fails on time. Exit 0
unless a server does not start, a route answers wrongly, or the seat
count is wrong. Standard library, the harness, and Debian's wrk.
"""
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DUR = float(os.environ.get("BENCH_DURATION", "5"))
CONNS = int(os.environ.get("BENCH_CONNS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
NENROL = int(os.environ.get("BENCH_ENROL", "300"))
SERIAL = 20             # enrolments one at a time, before the burst
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite postgresql").split()
CLK = os.sysconf("SC_CLK_TCK")

COLUMNS = [("sqlite", 1), ("sqlite", 2), ("postgresql", 1),
           ("postgresql", 2)]
LABEL = {"sqlite": "sqlite", "postgresql": "pg"}


class WrongAnswer(Exception):
    """A route or the seat race answered what it must not."""


# -- CPU from /proc --------------------------------------------------------

def proc_stat(pid):
    """(pgrp, ppid, utime+stime in ticks) of pid, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
    except OSError:
        return None
    f = st[st.rindex(")") + 2:].split()
    return int(f[2]), int(f[1]), int(f[11]) + int(f[12])


def machine_busy():
    """(busy ticks, all ticks) of the machine, from /proc/stat."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


class Cpu:
    """Ticks used by the front ends (every process in their process
    groups: Kore's parent, workers and signer) and by the PostgreSQL
    cluster (the postmaster and its children: one backend per worker
    connection), between start() and stop(); the load's (wrk, or the
    enrolling threads) from this process and its waited-for children."""

    def __init__(self, kore_pgrps, pg_pid):
        self.kore_pgrps = set(kore_pgrps)
        self.pg_pid = pg_pid

    def sample(self):
        kore = pg = 0
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            s = proc_stat(int(d))
            if s is None:
                continue
            pgrp, ppid, ticks = s
            if pgrp in self.kore_pgrps:
                kore += ticks
            elif self.pg_pid and (int(d) == self.pg_pid or
                                  ppid == self.pg_pid):
                pg += ticks
        # The load's maker: wrk (children waited for) and this process
        # (the enrolling threads).
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        me = resource.getrusage(resource.RUSAGE_SELF)
        return (time.monotonic(), kore, pg, ru.ru_utime + ru.ru_stime +
                me.ru_utime + me.ru_stime, machine_busy())

    def start(self):
        self.t0 = self.sample()

    def stop(self):
        """Cores used (kore, postgres, load, whole machine busy) since
        start()."""
        t1 = self.sample()
        wall = max(t1[0] - self.t0[0], 1e-6)
        busy = t1[4][0] - self.t0[4][0]
        total = max(t1[4][1] - self.t0[4][1], 1)
        ncpu = os.cpu_count() or 1
        return {"kore": (t1[1] - self.t0[1]) / CLK / wall,
                "pg": (t1[2] - self.t0[2]) / CLK / wall,
                "load": (t1[3] - self.t0[3]) / wall,
                "machine": busy / total * ncpu}


# -- wrk ---------------------------------------------------------------------

def ms(v):
    for suf, k in (("us", 0.001), ("ms", 1.0), ("m", 60000.0),
                   ("s", 1000.0)):
        if v.endswith(suf):
            return float(v[:-len(suf)]) * k
    return float(v)


def parse_wrk(text):
    out = {"rps": 0.0, "p50": 0.0, "p99": 0.0, "non2xx": 0, "errors": 0,
           "requests": 0}
    for line in text.splitlines():
        s = line.split()
        if line.startswith("Requests/sec:"):
            out["rps"] = float(s[1])
        elif re.match(r"^\s+50%", line):
            out["p50"] = ms(s[1])
        elif re.match(r"^\s+99%", line):
            out["p99"] = ms(s[1])
        elif "requests in" in line:
            out["requests"] = int(s[0])
        elif "Non-2xx or 3xx responses:" in line:
            out["non2xx"] = int(s[-1])
        elif "Socket errors:" in line:
            out["errors"] = sum(int(x.strip(",")) for x in s[3::2])
    return out


def wrk(ports, path, cpu, duration=None):
    """The load on path split across ports (one wrk process per port, at
    once); the summed requests/s, the largest p50/p99, the CPU used."""
    d = duration if duration is not None else DUR
    n = len(ports)
    procs = []
    cpu.start()
    for p in ports:
        procs.append(subprocess.Popen(
            ["wrk", "-t%d" % max(1, THREADS // n),
             "-c%d" % max(1, CONNS // n), "-d%gs" % d, "--latency",
             "--timeout", "10s", "http://127.0.0.1:%d%s" % (p, path)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    outs = [p.communicate()[0] for p in procs]
    used = cpu.stop()
    for p, o in zip(procs, outs):
        if p.returncode != 0:
            raise WrongAnswer("wrk failed on %s:\n%s" % (path, o))
    parts = [parse_wrk(o) for o in outs]
    r = {"rps": sum(x["rps"] for x in parts),
         "p50": max(x["p50"] for x in parts),
         "p99": max(x["p99"] for x in parts),
         "non2xx": sum(x["non2xx"] for x in parts),
         "errors": sum(x["errors"] for x in parts),
         "requests": sum(x["requests"] for x in parts),
         "cpu": used}
    if r["non2xx"]:
        raise WrongAnswer("%s: %d answers under load were not 2xx" %
                          (path, r["non2xx"]))
    if r["requests"] == 0:
        raise WrongAnswer("%s: wrk made no request" % path)
    return r


# -- the child: one engine ---------------------------------------------------

def child(engine, out_path):
    os.environ["YUJIANG_TEST_ENGINE"] = engine
    sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
    import harness
    from entry_util import create_run
    from harness import PASSWORD, Server, new_phone, user

    staff_account = new_phone()
    a = Server(users=[user("测速站长", "staff", account=staff_account)],
               init=True)
    b = None
    result = {"engine": engine, "rows": {}, "enrol": {}, "notes": []}
    try:
        a.start()
        pg_pid = None
        if engine == "postgresql":
            pg = harness.pg_cluster()
            with open(os.path.join(pg.dir, "data", "postmaster.pid")) as f:
                pg_pid = int(f.readline())
        staff = a.client()
        r = staff.login_api(staff_account, PASSWORD)
        if r.status != 200:
            raise WrongAnswer("staff login: %r" % r)

        rows = a.sql("SELECT code FROM certificates WHERE current = 1 "
                     "AND revoked IS NULL ORDER BY id LIMIT 1")
        if len(rows) != 1:
            raise WrongAnswer("the demo has no valid certificate")
        code = rows[0][0]
        rows = a.sql("SELECT id FROM competitions WHERE state = "
                     "'published' ORDER BY id LIMIT 1")
        if len(rows) != 1:
            raise WrongAnswer("the demo has no published competition")
        comp = int(rows[0][0])
        routes = [
            ("/hello", "/hello", None),
            ("verify", "/api/v1/verify/" + code, '"valid"'),
            ("/courses", "/courses", 'href="/courses/JB101"'),
            ("/api/v1/courses", "/api/v1/courses", '"JB101"'),
            ("results", "/competitions/%d/results" % comp,
             'class="grid results"'),
        ]
        result["paths"] = {k: p for k, p, _ in routes}

        for nfe in (1, 2):
            if nfe == 2:
                b = Server(front_end_of=a)
                b.start()
            servers = [a] if nfe == 1 else [a, b]
            ports = [s.port for s in servers]
            cpu = Cpu([s.proc.pid for s in servers], pg_pid)
            # Every route answers as it should on every front end before
            # it is loaded (wrk counts a 303 or an error page as 2xx/3xx).
            for key, path, want in routes:
                for s in servers:
                    r = s.client().get(path)
                    if r.status != 200 or (want and want not in r.text):
                        raise WrongAnswer("GET %s on :%d answered %d: %s" %
                                          (path, s.port, r.status,
                                           r.text[:200]))
                wrk(ports, path, cpu, duration=1)       # warm-up
            col = "%s/%d" % (engine, nfe)
            result["rows"][col] = {}
            for key, path, _ in routes:
                result["rows"][col][key] = wrk(ports, path, cpu)
                print("  %-10s %-2d FE %-16s %9.0f req/s  p99 %7.2f ms" % (
                    engine, nfe, key, result["rows"][col][key]["rps"],
                    result["rows"][col][key]["p99"]), flush=True)
            result["enrol"][col] = enrol(servers, staff, create_run, cpu,
                                         new_phone, PASSWORD, a)
            e = result["enrol"][col]
            print("  %-10s %-2d FE %-16s %9.0f /s     p99 %7.2f ms  "
                  "(%d registered in %.1f s)" % (
                      engine, nfe, "enrol", e["rps"], e["p99"], NENROL,
                      e["register_s"]), flush=True)
        result["ok"] = True
    except WrongAnswer as e:
        result["ok"] = False
        result["error"] = str(e)
    finally:
        try:
            if b is not None:
                b.stop()
        finally:
            a.stop()
    with open(out_path, "w") as f:
        json.dump(result, f)
    return 0 if result["ok"] else 1


def enrol(servers, staff, create_run, cpu, new_phone, password, a):
    """NENROL people registered (spread across servers) enrol at once in
    a run of capacity NENROL // 3, each through the other front end."""
    cap = NENROL // 3
    n = len(servers)
    run = create_run(staff, "JB101", capacity=cap)["id"]
    t0 = time.monotonic()
    errors = []

    total = NENROL + SERIAL
    people = [None] * total

    def register(lo):
        for i in range(lo, total, 8):
            try:
                c = servers[i % n].client()
                r = c.register_api("测速%04d" % i, new_phone(), password,
                                   "carver")
            except Exception as e:      # a code not logged in time ...
                errors.append("register %d: %r" % (i, e))
                return
            if r.status != 201:
                errors.append("register %d: %r" % (i, r))
                return
            people[i] = (dict(c.cookies), r.json()["csrf"])

    ts = [threading.Thread(target=register, args=(k,)) for k in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors or None in people:
        raise WrongAnswer(errors[0] if errors else "register: a thread died")
    register_s = time.monotonic() - t0

    # One at a time first (SERIAL people, a run of their own, nothing
    # else in flight): what one enrolment costs without contention.
    run1 = create_run(staff, "JB101", capacity=SERIAL)["id"]
    serial = []
    for i in range(NENROL, total):
        c = servers[(i + 1) % n].client()
        c.cookies = dict(people[i][0])
        s = time.monotonic()
        r = c.post_json("/api/v1/runs/%d/enrol" % run1, {},
                        csrf=people[i][1])
        serial.append((time.monotonic() - s) * 1000)
        if r.status != 201 or r.json()["status"] != "enrolled":
            raise WrongAnswer("serial enrol: %r" % r)
    serial.sort()

    path = "/api/v1/runs/%d/enrol" % run
    gate = threading.Barrier(NENROL + 1, timeout=120)
    out = [None] * NENROL

    def one(i):
        try:
            c = servers[(i + 1) % n].client(timeout=120)
            c.cookies = dict(people[i][0])
            gate.wait()
        except Exception as e:
            out[i] = (0, 0, None, "before the start: %r" % e)
            gate.abort()
            return
        s = time.monotonic()
        try:
            r = c.post_json(path, {}, csrf=people[i][1])
        except OSError as e:
            out[i] = (s, time.monotonic(), None, str(e))
            return
        out[i] = (s, time.monotonic(), r.status,
                  r.json() if r.status == 201 else r.text[:200])

    ts = [threading.Thread(target=one, args=(i,)) for i in range(NENROL)]
    for t in ts:
        t.start()
    cpu.start()
    try:
        gate.wait()
    except threading.BrokenBarrierError:
        pass
    for t in ts:
        t.join(300)
    used = cpu.stop()
    if any(o is None for o in out):
        raise WrongAnswer("enrol: a thread hung")
    bad = [o for o in out if o[2] != 201]
    if bad:
        raise WrongAnswer("enrol: %d of %d not 201, e.g. %r" % (
            len(bad), NENROL, bad[0][2:]))
    wall = max(o[1] for o in out) - min(o[0] for o in out)
    lat = sorted((o[1] - o[0]) * 1000 for o in out)
    enrolled = sum(1 for o in out if o[3]["status"] == "enrolled")
    waiting = sorted(o[3]["position"] for o in out
                     if o[3]["status"] == "waitlisted")
    db = a.sql("SELECT status, count(*) FROM enrolments WHERE run = ?1 "
               "GROUP BY status ORDER BY status", run)
    db = {r[0]: int(r[1]) for r in db}
    seats = []
    for s in servers:
        j = s.client().get("/api/v1/courses/JB101").json()
        seats += [(x["enrolled"], x["seats_left"]) for x in j["runs"]
                  if x["id"] == run]
    if (enrolled != cap or waiting != list(range(1, NENROL - cap + 1)) or
            db != {"enrolled": cap, "waitlisted": NENROL - cap} or
            seats != [(cap, 0)] * n):
        raise WrongAnswer(
            "enrol: WRONG seat count for capacity %d: %d answers enrolled, "
            "waitlist %s..., database %r, catalogue %r" % (
                cap, enrolled, waiting[:3], db, seats))
    return {"rps": NENROL / wall, "p50": lat[len(lat) // 2],
            "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))],
            "wall": wall, "cap": cap, "register_s": register_s,
            "serial_p50": serial[len(serial) // 2],
            "cpu": used}


# -- the parent: both engines, one table --------------------------------------

def pg_available():
    sys.path.insert(0, os.path.join(ROOT, "tests", "pg"))
    import pgserver
    return pgserver.available()


def cell(r):
    if r is None:
        return "%17s" % "-"
    return "%9.0f %7.2f" % (r["rps"], r["p99"])


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--engine":
        return child(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 1:
        print("usage: engines.py", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    for tool in ("wrk", "kore"):
        if shutil.which(tool) is None:
            print("bench: %s is missing (make deps installs it)" % tool)
            return 1
    if not (os.access("build/yujiang-admin", os.X_OK) and
            os.path.exists("build/yujiang.so")):
        print("bench: build/ is not built (run make)")
        return 1
    ncpu = os.cpu_count()
    print("Engines (issue 18): SQLite and PostgreSQL, one and two front "
          "ends;\n%d CPUs, 2 Kore workers per front end, wrk -t%d -c%d "
          "-d%gs in all, %d enrolling; load average before: %s" % (
              ncpu, THREADS, CONNS, DUR, NENROL,
              " ".join(open("/proc/loadavg").read().split()[:3])))
    results = {}
    failed = []
    tmp = tempfile.mkdtemp(prefix="yj-engines.")
    try:
        for engine in ENGINES:
            if engine == "postgresql" and not pg_available():
                print("  postgresql: not installed (%s), its columns left "
                      "empty" % os.environ.get(
                          "PG_BIN", "/usr/lib/postgresql/15/bin"))
                continue
            out = os.path.join(tmp, engine + ".json")
            rc = subprocess.call([sys.executable, os.path.abspath(__file__),
                                  "--engine", engine, out])
            try:
                with open(out) as f:
                    res = json.load(f)
            except (OSError, ValueError):
                res = {"ok": False, "error": "the %s run ended with exit "
                       "status %d and no figures" % (engine, rc)}
            if not res.get("ok"):
                failed.append("%s: %s" % (engine, res.get("error")))
                continue
            results[engine] = res
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if results:
        table(results)
    for f in failed:
        print("\nbench: WRONG ANSWER or failure on " + f)
    return 1 if failed else 0


def table(results):
    cols = ["%s/%d" % c for c in COLUMNS]

    def get(col, key):
        eng = col.split("/")[0]
        if eng not in results:
            return None
        if key == "enrol":
            return results[eng]["enrol"].get(col)
        return results[eng]["rows"].get(col, {}).get(key)

    keys = ["/hello", "verify", "/courses", "/api/v1/courses", "results",
            "enrol"]
    print("\nload average after: %s" % " ".join(
        open("/proc/loadavg").read().split()[:3]))
    print("%-22s" % "" + "".join("%19s" % ("%s %d FE" % (LABEL[e], n))
                                 for e, n in COLUMNS))
    print("%-22s" % "route" + "".join("%19s" % "req/s  p99 ms"
                                      for _ in cols))
    for key in keys:
        label = key if key != "enrol" else "enrol (enrolments/s)"
        print("%-22s" % label + "".join("  " + cell(get(c, key))
                                        for c in cols))
        if key != "/hello":
            xs = []
            for c in cols:
                r, h = get(c, key), get(c, "/hello")
                xs.append("%19s" % ("-" if r is None or not h else
                                    "%.3f" % (r["rps"] / h["rps"])))
            print("%-22s" % "  x hello" + "".join(xs))
    any_res = next(iter(results.values()))
    print("\nverify = GET %s; results = GET %s (the demo's published "
          "competition)" % (any_res["paths"]["verify"],
                            any_res["paths"]["results"]))
    print("enrol: %d people at once, a run of %d seats; p50 / p99 of one "
          "enrolment:" % (NENROL, NENROL // 3))
    for c in cols:
        e = get(c, "enrol")
        if e:
            print("  %-16s p50 %7.1f ms  p99 %7.1f ms  wall %.2f s  "
                  "(seats exactly %d); one alone: %.1f ms" % (
                      c.replace("postgresql", "pg").replace("/", " ") +
                      " FE", e["p50"], e["p99"], e["wall"], e["cap"],
                      e["serial_p50"]))
    print("\nCPU used during each measurement, in cores (of %d): kore "
          "(front ends) + postgres + the load (wrk; for enrol the Python "
          "threads) / machine (every process, other helpers' too)" %
          os.cpu_count())
    print("%-22s" % "route" + "".join("%19s" % ("%s %d FE" % (LABEL[e], n))
                                      for e, n in COLUMNS))
    for key in keys:
        row = []
        for c in cols:
            r = get(c, key)
            if r is None:
                row.append("%19s" % "-")
                continue
            u = r["cpu"]
            row.append("%19s" % ("%.1f+%.1f+%.1f/%.1f" % (
                u["kore"], u["pg"], u["load"], u["machine"])))
        print("%-22s" % key + "".join(row))
    print("""
Notes:
- One machine: both front ends, PostgreSQL, wrk (and the enrolling
  Python threads) share the same %d CPUs; a second front end adds
  workers, not cores, so "2 FE" measures the cost of splitting the load,
  not the capacity of two machines. Other helpers' work shares them too
  (the machine figure above counts it).
- The throw-away PostgreSQL runs with fsync, synchronous_commit and
  full_page_writes off (tests/pg/pgserver.py); SQLite runs WAL with
  synchronous=NORMAL: neither waits for a disk flush at a commit here.
- What limits each row: when kore + postgres + wrk reach the machine's
  cores, the CPU; PostgreSQL adds one synchronous libpq round trip per
  statement (db_pg.c) where SQLite reads its pages in the worker's own
  process, so a read route costs a PostgreSQL backend's CPU besides the
  worker's. Enrolment writes: every writer takes the one advisory lock
  (PG_WRITER_LOCK) or SQLite's BEGIN IMMEDIATE, so enrolments are served
  one after another whatever the number of front ends; its figure is the
  time one write transaction holds that lock (several statements, each a
  round trip on PostgreSQL): 1000 / "one alone" ms is the most the lock
  lets through; far below it, the enrolling threads or the CPU limit.
- p99 with two front ends is the larger of the two wrk processes' p99s;
  enrol latency is measured by Python threads (one connection each).""" %
          os.cpu_count())


if __name__ == "__main__":
    sys.exit(main())
