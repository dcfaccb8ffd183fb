#!/usr/bin/env python3
"""Logins under a read load (issue 16, item 5). Not part of `make test`:
starts the real server (2 workers, the demo data of `yujiang-admin init`,
one account per login loop), then runs three phases and prints figures;
it never passes or fails on time.

  1. the read load alone: wrk, --conns connections on /v/<code> of a
     valid demo certificate, --read-seconds;
  2. the logins alone: --logins threads, each logging in to its own
     account from an address of its own (127.0.0.10 and up: the throttle
     counts per address) and again as soon as it is answered;
  3. both at once for --seconds.

For each: login p50/p95/p99 and logins/s, verify p50/p99 (wrk's
--latency), and the workers' CPU (from /proc: the event loop, the main
thread, apart from the other threads: Kore's task threads) and peak RSS
(VmHWM) — the CPU a login costs is the workers' CPU in phase 2 divided by
the logins answered, its memory the hash's m= (the Argon2id string).

    python3 tests/bench/login_load.py [--seconds 20] [--logins 20]
        [--conns 50] [--env NAME=VALUE ...]
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from harness import PASSWORD, Server, new_phone, user  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK")


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def thread_cpu(pid):
    """{tid: seconds of CPU} of every thread of pid."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rindex(")") + 2:].split()
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / CLK
    return out


def status_kib(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Usage:
    """The workers' CPU (main thread and others) between start and stop."""

    def __init__(self, pids):
        self.pids = pids
        self.before = {p: thread_cpu(p) for p in pids}

    def stop(self):
        main = other = 0.0
        for p in self.pids:
            now = thread_cpu(p)
            for tid, sec in now.items():
                d = sec - self.before[p].get(tid, 0.0)
                if tid == p:
                    main += d
                else:
                    other += d
        self.main, self.other = main, other
        self.hwm = [status_kib(p, "VmHWM") for p in self.pids]
        self.rss = [status_kib(p, "VmRSS") for p in self.pids]
        self.threads = [len(thread_cpu(p)) for p in self.pids]
        return self


class Logins:
    """n threads, each logging in again and again for `seconds`."""

    def __init__(self, srv, accounts, csrf, seconds):
        self.srv, self.accounts, self.csrf = srv, accounts, csrf
        self.seconds = seconds
        self.lock = threading.Lock()
        self.times, self.statuses = [], {}

    def loop(self, i, end):
        body = json.dumps({"account": self.accounts[i],
                           "password": PASSWORD}).encode()
        h = {"Content-Type": "application/json",
             "X-CSRF-Token": self.csrf, "Cookie": "yj_csrf=" + self.csrf}
        c = None
        while time.monotonic() < end:
            if c is None:
                c = http.client.HTTPConnection(
                    "127.0.0.1", self.srv.port, timeout=120,
                    source_address=("127.0.0.%d" % (10 + i), 0))
            t = time.monotonic()
            try:
                c.request("POST", "/api/v1/login", body=body, headers=h)
                r = c.getresponse()
                r.read()
                st = r.status
                if r.getheader("connection", "").lower() == "close":
                    c.close()
                    c = None
            except (OSError, http.client.HTTPException) as e:
                st = type(e).__name__
                c.close()
                c = None
            with self.lock:
                self.statuses[st] = self.statuses.get(st, 0) + 1
                if st == 200:
                    self.times.append(time.monotonic() - t)
        if c is not None:
            c.close()

    def run(self):
        end = time.monotonic() + self.seconds
        start = time.monotonic()
        ts = [threading.Thread(target=self.loop, args=(i, end))
              for i in range(len(self.accounts))]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.took = time.monotonic() - start
        return self

    def line(self):
        ok = self.statuses.get(200, 0)
        return ("logins: %.1f/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms "
                "(%s)" % (ok / self.took, pct(self.times, .5) * 1000,
                          pct(self.times, .95) * 1000,
                          pct(self.times, .99) * 1000,
                          ", ".join("%s: %d" % kv for kv in sorted(
                              self.statuses.items(),
                              key=lambda kv: str(kv[0])))))


def wrk(base, path, conns, seconds):
    """Start wrk; .result() gives 'req/s, p50, p99' from --latency."""
    p = subprocess.Popen(["wrk", "-t2", "-c%d" % conns, "-d%ds" % seconds,
                          "--latency", "--timeout", "10s", base + path],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)

    def result():
        out = p.communicate()[0]
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        if rps is None:
            sys.exit("wrk failed:\n" + out)
        return ("verify: %.0f req/s, p50 %s, p99 %s%s" % (
            float(rps.group(1)), lat.get("50"), lat.get("99"),
            ", non-2xx %s" % non2xx.group(1) if non2xx else ""))
    return result


def usage_line(u, logins=0):
    s = ("workers: event loops %.2f s CPU, other threads %.2f s; peak RSS "
         "%s MiB; threads %s" % (u.main, u.other, "/".join(
             "%.0f" % (k / 1024) for k in u.hwm), "/".join(
             str(n) for n in u.threads)))
    if logins:
        s += "; per login %.0f ms CPU" % ((u.main + u.other) * 1000 / logins)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--read-seconds", type=int, default=8)
    ap.add_argument("--logins", type=int, default=20)
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--env", action="append", default=[])
    opt = ap.parse_args()

    people = [user("登录%d" % i, "apprentice", account=new_phone())
              for i in range(opt.logins)]
    env = dict(e.split("=", 1) for e in opt.env)
    srv = Server(users=people, init=True, env=env).start()
    try:
        code = srv.sql("SELECT code FROM certificates WHERE revoked IS NULL"
                       " AND current = 1 LIMIT 1")[0][0]
        c = srv.client()
        r = c.get("/api/v1/verify/" + code)
        assert r.status == 200 and r.json()["status"] == "valid", r
        csrf = c.api_csrf()
        accounts = [u["account"] for u in people]
        pids = srv.worker_pids()
        # Every account once: warm, and its hash as the server keeps it.
        Logins(srv, accounts, csrf, 0.01).run()
        stored = srv.sql("SELECT pwhash FROM users WHERE account = ?1",
                         accounts[0])[0][0]
        m = re.search(r"\$m=(\d+),t=(\d+),p=(\d+)\$", stored)
        print("Argon2id of a logged-in account: m=%s KiB, t=%s, p=%s" %
              m.groups())
        idle = [status_kib(p, "VmRSS") for p in pids]
        print("workers idle: RSS %s MiB" % "/".join(
            "%.0f" % (k / 1024) for k in idle))

        u = Usage(pids)
        res = wrk(srv.base, "/v/" + code, opt.conns, opt.read_seconds)
        line = res()
        print("1. read load alone (%d connections, %d s):\n   %s\n   %s" % (
            opt.conns, opt.read_seconds, line, usage_line(u.stop())))

        u = Usage(pids)
        lg = Logins(srv, accounts, csrf, opt.seconds / 2).run()
        u.stop()
        print("2. %d login loops alone (%d s):\n   %s\n   %s" % (
            opt.logins, opt.seconds // 2, lg.line(),
            usage_line(u, lg.statuses.get(200, 0))))

        u = Usage(pids)
        res = wrk(srv.base, "/v/" + code, opt.conns, opt.seconds + 1)
        time.sleep(0.5)
        lg = Logins(srv, accounts, csrf, opt.seconds - 0.5).run()
        line = res()
        u.stop()
        print("3. both (%d connections on /v/<code>, %d login loops, "
              "%d s):\n   %s\n   %s\n   %s" % (
                  opt.conns, opt.logins, opt.seconds, lg.line(), line,
                  usage_line(u)))
        c = srv.client()
        assert c.get("/api/v1/verify/" + code).status == 200
    finally:
        srv.stop()


if __name__ == "__main__":
    main()
