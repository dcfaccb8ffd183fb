#!/usr/bin/env python3
"""Issuing a batch of certificates with the separate signing process
(issue 14.5): a JB101 run of N graduates (a roster import, the register,
a passing result each), then one POST issues them all — every QR's claims
signed, one round trip to the signing process each — and the server
draws them in the background. Prints the POST's time (the signing part),
the time until all are drawn, and certificates/s. Never passes or fails
on time; exits non-zero when something does not work.

    python3 tests/bench/signer_batch.py [N] [TREE]

TREE (default: this tree) is a Yujiang checkout whose build and test
harness are used: run it once on a checkout from before the signing
process (git worktree add /tmp/old main; make -C /tmp/old all) and once
here to compare. BENCH_REPEAT (default 3) batches are issued, each of a
new run; the figures of each and their median are printed."""
import datetime
import os
import statistics
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
TREE = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", ".."))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
sys.path.insert(0, os.path.join(TREE, "tests", "integration"))

from harness import Server, user  # noqa: E402
from training_util import login  # noqa: E402


def die(msg):
    print("signer_batch: " + msg, file=sys.stderr)
    sys.exit(1)


def day(offset):
    return (datetime.datetime.now(datetime.timezone(datetime.timedelta(
        hours=8))) + datetime.timedelta(days=offset)).strftime("%Y-%m-%d")


def ok(r, *want):
    if r.status not in (want or (200,)):
        die("%s answered %d: %s" % (getattr(r, "path", "?"), r.status,
                                    r.text[:300]))
    return r.json()


def graduates(c, n, tag):
    sessions = ok(c.get("/api/v1/courses/JB101"))["sessions"]
    run = ok(c.post("/api/v1/courses/JB101/runs", {
        "starts": day(4), "ends": day(65), "capacity": n}),
        201)["run"]["id"]
    lines = ["姓名,手机号或邮箱,方向,学校"]
    for i in range(n):
        lines.append("学员%s%04d,13%d%08d,玉雕,平洲职业技术学校" % (
            tag, i, 5 + tag, i))
    r = ok(c.post("/api/v1/roster", {"run": run, "mode": "all",
                                     "csv": "\r\n".join(lines) + "\r\n"}),
           201)
    if r.get("imported") != n:
        die("the roster imported %r of %d" % (r.get("imported"), n))
    ids = [x["user"] for x in ok(c.get("/api/v1/runs/%d" % run))["roster"]
           if x["status"] == "enrolled"]
    for s in range(1, sessions + 1):
        ok(c.post("/api/v1/runs/%d/attendance" % run,
                  {"session": s, "present": ids}))
    for uid in ids:
        ok(c.post("/api/v1/runs/%d/result" % run,
                  {"user": uid, "score": 80}))
    return run


def batch(c, run, n):
    t0 = time.monotonic()
    r = ok(c.post("/api/v1/runs/%d/certificates" % run, {"lang": "zh"}),
           202)
    t_post = time.monotonic() - t0
    b = r["batch"]
    if r.get("issued") != n:
        die("the batch issued %r, not %d" % (r.get("issued"), n))
    while b["status"] != "done":
        if time.monotonic() - t0 > 900:
            die("batch %d not done after 900 s" % b["id"])
        time.sleep(0.05)
        b = ok(c.get("/api/v1/batches/%d" % b["id"]))["batch"]
    t_all = time.monotonic() - t0
    if b["done"] != n or b["failed"] != 0:
        die("batch %d: done %d, failed %d" % (b["id"], b["done"],
                                              b["failed"]))
    return t_post, t_all


def main():
    srv = Server(users=[user("周站长", "staff")], workers=2)
    srv.start()
    try:
        c = login(srv, srv.users[0]["account"])
        signer = getattr(srv, "signer_pid", lambda: None)()
        print("tree %s: %s" % (TREE, "separate signing process (pid %d)" %
                               signer if signer else
                               "the key in each worker"))
        posts, alls = [], []
        for k in range(REPEAT):
            run = graduates(c, N, k)
            t_post, t_all = batch(c, run, N)
            posts.append(t_post)
            alls.append(t_all)
            print("  batch %d: %d certificates issued (signed) by the POST "
                  "in %.0f ms = %.1f µs each; all drawn after %.2f s = "
                  "%.0f certificates/s" % (k + 1, N, t_post * 1000,
                                           t_post * 1e6 / N, t_all,
                                           N / t_all))
        print("  median: POST %.0f ms (%.1f µs a certificate), drawn %.2f s"
              % (statistics.median(posts) * 1000,
                 statistics.median(posts) * 1e6 / N,
                 statistics.median(alls)))
    finally:
        srv.stop(check=False)


if __name__ == "__main__":
    main()
