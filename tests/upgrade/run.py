"""Upgrades lose nothing (issue 15 item 12).

For each earlier schema version N (1 ... today's - 1), the yujiang-admin
of the newest tree still at N (built by tests/upgrade/build-old.sh from
git history, cached under tests/out/upgrade/COMMIT) runs its own `init`:
a database at version N with that tree's demo data (people, runs,
lineage, signed certificates, portfolios, the score log ... whatever
existed then). The current build/yujiang-admin then migrates it, and the
test checks that nothing was lost:

  - the schema is today's version;
  - no table lost a row (every table of the old database is still there
    with at least as many rows);
  - `yujiang-admin audit verify` exits 0 (the score log's chain and its
    signed heads);
  - every certificate's /api/v1/verify/CODE on the current server says
    what its row said before the upgrade (valid, revoked, expired), and
    `yujiang-admin verify` passes its stored QR text offline;
  - every demo account still logs in with its printed password.

A tree of the time that does not build here is a skip with its reason,
never a pass. A new migration needs nothing here: its predecessor's tree
joins the versions tested. Run from the project root after `make all`
(make test-upgrade). Ends with "N passed, N failed". YJ_UPGRADE_ONLY=9,14
runs only those versions.
"""
import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import harness  # noqa: E402

ADMIN = os.path.join(ROOT, "build", "yujiang-admin")
OUT = os.path.join(ROOT, "tests", "out", "upgrade")


def china_today():
    return datetime.datetime.now(datetime.timezone(
        datetime.timedelta(hours=8))).strftime("%Y-%m-%d")


def table_counts(path):
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
            "name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: db.execute('SELECT count(*) FROM "%s"' % n).fetchone()[0]
                for n in names}
    finally:
        db.close()


def user_version(path):
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def certificates(path):
    """[(code, qr, public status)] as the old database says them."""
    db = sqlite3.connect(path)
    try:
        cols = [r[1] for r in db.execute("PRAGMA table_info(certificates)")]
        if not cols:
            return []
        today = china_today()
        out = []
        for row in db.execute("SELECT * FROM certificates ORDER BY id"):
            c = dict(zip(cols, row))
            if c.get("revoked") is not None or \
                    c.get("superseded_by") is not None:
                status = "revoked"
            elif c.get("expires") and c["expires"] < today:
                status = "expired"
            else:
                status = "valid"
            out.append((c["code"], c["qr"], status))
        return out
    finally:
        db.close()


def demo_accounts(d):
    """[(account, password)] from the demo-accounts file `init` wrote."""
    out = []
    path = os.path.join(d, "demo-accounts.txt")
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) >= 3 and not line.startswith("#"):
                out.append((w[1], w[2]))
    return out


def migrations_in(path, inside=False):
    """Entries of migrations[] in a source file (as build-old.sh counts
    them, through the schema_*.h files it includes inside the table);
    0 when it has none."""
    n = 0
    with open(path) as f:
        for line in f:
            part = re.match(r'#include "(schema_\w+\.h)"', line)
            if re.search(r"migrations\[\] = \{", line):
                inside = True
            elif inside and line.startswith("};"):
                break
            elif inside and part:
                n += migrations_in(os.path.join(os.path.dirname(path),
                                                part.group(1)), True)
            elif inside and re.search(r'",\s*$', line):
                n += 1
    return n


def run(cmd, cwd=ROOT, env=None):
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


def check_version(n, commit, current):
    """A list of failures (empty: passed) for schema version n."""
    fails = []
    tree = os.path.join(OUT, commit, "src-tree")
    d = os.path.join(OUT, "data-%d" % n)
    shutil.rmtree(d, ignore_errors=True)
    t0 = time.time()
    p = run([os.path.join(tree, "build", "yujiang-admin"), "-d", d, "init"],
            cwd=tree, env=dict(os.environ,
                               YUJIANG_PUBLIC_URL="http://127.0.0.1:9"))
    if p.returncode != 0:
        return ["old init failed (%d): %s%s" % (p.returncode, p.stdout,
                                                p.stderr)]
    db = os.path.join(d, "yujiang.db")
    if user_version(db) != n:
        return ["old init made schema %d, not %d" % (user_version(db), n)]
    before = table_counts(db)
    certs = certificates(db)
    accounts = demo_accounts(d)
    t_init = time.time() - t0

    p = run([ADMIN, "-d", d, "migrate"])
    if p.returncode != 0:
        return ["migrate failed (%d): %s%s" % (p.returncode, p.stdout,
                                               p.stderr)]
    if user_version(db) != current:
        fails.append("schema %d after migrate, not %d" %
                     (user_version(db), current))
    after = table_counts(db)
    for t, k in sorted(before.items()):
        if t not in after:
            fails.append("table %s (%d rows) is gone" % (t, k))
        elif after[t] < k:
            fails.append("table %s: %d rows before, %d after" %
                         (t, k, after[t]))

    p = run([ADMIN, "-d", d, "audit", "verify"])
    if p.returncode != 0:
        fails.append("audit verify exit %d: %s%s" %
                     (p.returncode, p.stdout, p.stderr))
    for code, qr, _ in certs:
        p = run([ADMIN, "-d", d, "verify", qr])
        if p.returncode != 0:
            fails.append("offline verify of %s exit %d: %s%s" %
                         (code, p.returncode, p.stdout, p.stderr))

    srv = harness.Server(data=d)
    srv.start()
    ok = False
    try:
        c = srv.client()
        for code, _, status in certs:
            r = c.get("/api/v1/verify/%s" % code)
            got = r.json().get("status") if r.status == 200 else r.status
            if got != status:
                fails.append("verify %s: %r, was %r" % (code, got, status))
        if not accounts:
            fails.append("no demo accounts to log in with")
        for account, pw in accounts:
            r = srv.client().login_api(account, pw)
            if r.status != 200:
                fails.append("login %s: %d %s" % (account, r.status,
                                                  r.text()[:200]))
        ok = True
    finally:
        srv.stop(check=ok)
    states = {}
    for _, _, status in certs:
        states[status] = states.get(status, 0) + 1
    print("  v%-2d %s: init %.1fs, total %.1fs; %d tables, %d rows, "
          "%d score log rows, certificates %s, %d accounts" % (
              n, commit[:10], t_init, time.time() - t0, len(before),
              sum(before.values()), before.get("score_log", 0),
              states or 0, len(accounts)))
    return fails


def main():
    t0 = time.time()
    p = run([os.path.join(HERE, "build-old.sh")])
    print(p.stdout, end="")
    if p.returncode != 0:
        print(p.stderr)
    print("old trees ready in %.1fs" % (time.time() - t0))
    current = max(migrations_in(os.path.join(ROOT, f))
                  for f in ("src/store/schema.c", "src/store/db.c", "src/db.c")
                  if os.path.exists(os.path.join(ROOT, f)))
    passed = failed = skipped = 0
    lines = [ln.split(None, 2) for ln in p.stdout.splitlines()]
    if len(lines) != current - 1:
        print("expected %d earlier versions, build-old.sh gave %d" %
              (current - 1, len(lines)))
        failed += 1
    # YJ_UPGRADE_ONLY=3,14: only those versions (while working on one).
    only = [int(x) for x in os.environ.get("YJ_UPGRADE_ONLY", "").split(",")
            if x.strip()]
    for w in lines:
        n, commit, status = int(w[0]), w[1], w[2]
        if only and n not in only:
            continue
        if not status.startswith("ok"):
            print("SKIP v%d: %s" % (n, status))
            skipped += 1
            continue
        try:
            fails = check_version(n, commit, current)
        except Exception as e:      # a server that does not start, ...
            fails = ["%s: %s" % (type(e).__name__, e)]
        if fails:
            failed += 1
            print("FAIL v%d (%s):\n    %s" % (n, commit[:10],
                                              "\n    ".join(fails)))
        else:
            passed += 1
            print("ok   v%d (%s) -> v%d" % (n, commit[:10], current))
    print("upgrade test: %.1fs, %d skipped" % (time.time() - t0, skipped))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
