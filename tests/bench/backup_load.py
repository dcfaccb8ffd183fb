#!/usr/bin/env python3
"""Time `yujiang-admin backup` of a large database under steady writes
(issue 12, item 4). Not part of `make test`: it builds a database of
--mb MB (the demo plus training-log rows written straight into it), starts
the real server on it, keeps apprentices logging training through the API
and a second process committing to the file, and times the backup, killing
it after --timeout seconds. Prints one line of figures.

    python3 tests/bench/backup_load.py [--mb 160] [--timeout 300]
        [--admin build/yujiang-admin]   # another build, e.g. the old one
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

from harness import ADMIN, Server, user  # noqa: E402
from test_backup import NOTE, Load  # noqa: E402
from training_util import login, new_apprentice, new_master, take_on  # noqa


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=160)
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--admin", default=ADMIN)
    opt = ap.parse_args()

    staff = user("周站长", "staff")
    srv = Server(users=[staff], init=True).start()
    try:
        s = login(srv, staff["account"])
        people = []
        for i in range(3):
            m = new_master(srv, s, "备份师傅%d" % i)
            a = new_apprentice(srv, "备份学员%d" % i)
            take_on(a, m)
            people.append(a)
        con = sqlite3.connect(srv.db_path, timeout=30)
        ms = con.execute("SELECT apprentice, master, id FROM mentorships "
                         "WHERE status = 'active' ORDER BY id "
                         "LIMIT 1").fetchone()
        while os.path.getsize(srv.db_path) + os.path.getsize(
                srv.db_path + "-wal") < opt.mb << 20:
            con.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                "FROM n WHERE i < 5000) INSERT INTO training_log "
                "(apprentice, master, mentorship, day, minutes, skill, "
                "notes, status, created) SELECT ?, ?, ?, date('2015-01-01',"
                " '+' || (i % 3000) || ' days'), 60, 'carving', ? || i, "
                "'confirmed', 1700000000 FROM n", ms + (NOTE,))
            con.commit()
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        size = os.path.getsize(srv.db_path)
        dest = tempfile.mktemp(prefix="yj-bench-backup.", dir="/tmp")
        with Load(srv, people, ms) as load:
            w0 = load.writes()
            t0 = time.monotonic()
            p = subprocess.Popen([opt.admin, "-d", srv.dir, "backup", dest],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
            try:
                out = p.communicate(timeout=opt.timeout)[0].strip()
                rc = p.returncode
            except subprocess.TimeoutExpired:
                p.kill()
                out = p.communicate()[0].strip()
                rc = None
            secs = time.monotonic() - t0
            writes = load.writes() - w0
        print("database %.0f MiB; writes during the backup %d (%.0f/s); "
              "backup %s after %.1f s%s" % (
                  size / 2 ** 20, writes, writes / secs,
                  "killed" if rc is None else "exit %d" % rc, secs,
                  ": " + out if out else ""))
        for f in (dest, dest + "-journal"):
            if os.path.exists(f):
                os.unlink(f)
    finally:
        srv.stop(check=False)


if __name__ == "__main__":
    main()
