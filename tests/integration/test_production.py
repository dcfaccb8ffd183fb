"""Production mode: kore started as root WITHOUT -n/-r and with
`runas nobody`, so every worker is chrooted into the data directory,
runs as nobody and is sandboxed — as deployed. The parent chowns the
database to nobody (kore_parent_configure). Skipped when not root."""
import os
import pwd
import subprocess
import unittest

from entry_util import create_run
from harness import (ADMIN, ENGINE, PASSWORD, ServerTestCase, new_phone,
                     user)
from training_util import id_number, new_apprentice


@unittest.skipUnless(os.geteuid() == 0, "production mode needs root "
                     "(chroot and runas)")
class ProductionModeTest(ServerTestCase):
    production = True
    users = {"staff": user("站长", "staff")}

    def test_workers_are_chrooted_and_unprivileged(self):
        nobody = pwd.getpwnam("nobody")
        workers = self.server.worker_pids()
        self.assertEqual(len(workers), self.server.workers, workers)
        for pid in workers:
            with open("/proc/%d/status" % pid) as f:
                status = dict(line.split(":", 1) for line in f
                              if ":" in line)
            uids = status["Uid"].split()
            gids = status["Gid"].split()
            self.assertEqual(set(uids), {str(nobody.pw_uid)}, uids)
            self.assertEqual(set(gids), {str(nobody.pw_gid)}, gids)
            self.assertEqual(os.readlink("/proc/%d/root" % pid),
                             os.path.realpath(self.server.dir))
            self.assertEqual(status["Seccomp"].strip(), "2")   # filter mode
        db = os.path.join(self.server.dir, "yujiang.db")
        if ENGINE == "sqlite":
            self.assertEqual(os.stat(db).st_uid, nobody.pw_uid)
        else:                   # on PostgreSQL no SQLite file is made
            self.assertFalse(os.path.exists(db))

    def test_register_login_me_logout(self):
        phone = new_phone()
        # Forms.
        c = self.client()
        r = c.post_form("/register", {"name": "生产", "account": phone,
                                      "password": PASSWORD,
                                      "track": "carver", "consent": 1})
        self.assertRedirect(r, "/me")
        me = c.get("/me")
        self.assertEqual(me.status, 200)
        self.assertIn('<h1 id="me-name">生产</h1>', me.text)
        self.assertRedirect(c.post_form("/logout", {}), "/")
        self.assertRedirect(c.get("/me"), "/login")
        self.assertRedirect(c.login_form(phone), "/me")
        self.assertEqual(c.get("/me").status, 200)
        # JSON.
        email = "prod-%s@example.com" % new_phone()
        a = self.client()
        r = a.register_api("Prod", email)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(a.me().json()["user"]["account"], email)
        self.assertEqual(a.logout_api().status, 200)
        self.assertJSONError(a.me(), 401, "login_required")
        r = a.login_api(email)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(a.me().status, 200)
        # A failed login writes too (the throttle table).
        r = self.client().login_api(email, "wrong password!")
        self.assertJSONError(r, 401, "login_failed")
        # Staff writes with an audit trail.
        s = self.logged_in("staff")
        r = s.post_json("/api/v1/users", {
            "name": "Master", "account": new_phone(), "password": PASSWORD,
            "role": "master", "track": "carver"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(s.get("/staff/users").status, 200)
        self.assertHealthy()

    def test_gbk_roster_is_converted_in_the_sandbox(self):
        """Issue 12.3: the GB18030 decoder is opened by the parent; a
        chrooted, sandboxed worker (no gconv modules inside its root)
        still converts a Chinese Excel's GBK roster."""
        s = self.logged_in("staff")
        run = create_run(s, "JB101", capacity=10)["id"]
        p = [new_phone() for _ in range(2)]
        text = ("姓名,手机号或邮箱,方向,学校\r\n李玥,%s,玉雕,平洲翡翠学校\r\n"
                "刘䶮,%s,设计,\r\n" % tuple(p))
        r = s.post_multipart(
            "/staff/roster", [("run", str(run)), ("mode", "all")],
            files={"roster": ("roster.csv", text.encode("gb18030"),
                              "text/csv")},
            page="/staff/roster?run=%d" % run)
        self.assertEqual(r.status, 201, r.text[:800])
        page = r.body.decode("utf-8")
        self.assertIn("按 GBK 编码读取", page)
        self.assertIn('<dd id="imported">2</dd>', page)
        names = [x["name"] for x in
                 s.get("/api/v1/runs/%d" % run).json()["roster"]]
        self.assertEqual(names, ["李玥", "刘䶮"])
        self.assertHealthy()


    def test_workers_cannot_read_keys_and_issuing_works(self):
        """Issue 14.5: keys/ is root's, 0700; a process running as the
        workers' user (nobody) cannot list it nor open a key file, and
        the sandboxed workers still issue certificates (signed by the
        signing process) whose QR verifies."""
        keys = os.path.join(self.server.dir, "keys")
        st = os.stat(keys)
        self.assertEqual((st.st_uid, st.st_mode & 0o777), (0, 0o700))
        nobody = pwd.getpwnam("nobody")
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            out = []
            for what in (lambda: os.listdir(keys),
                         lambda: open(os.path.join(keys, "state")).read(),
                         lambda: open(os.path.join(keys,
                                                   "ed25519.key")).read()):
                try:
                    what()
                    out.append("read")
                except PermissionError:
                    out.append("denied")
            os.write(w, ",".join(out).encode())
            os._exit(0)
        os.close(w)
        with os.fdopen(r) as f:
            got = f.read()
        os.waitpid(pid, 0)
        self.assertEqual(got, "denied,denied,denied")
        # The signing process is root's, chrooted into keys/; the
        # workers are nobody's and never have a keys/ file open.
        signer = self.server.signer_pid()
        self.assertIsNotNone(signer)
        self.assertEqual(os.readlink("/proc/%d/root" % signer),
                         os.path.realpath(keys))
        for pid in self.server.worker_pids():
            for fd in os.listdir("/proc/%d/fd" % pid):
                try:
                    target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
                except OSError:
                    continue
                self.assertNotIn("keys", target)
        # Issuing works in the sandbox, and what it signed verifies.
        s = self.logged_in("staff")
        holder = new_apprentice(self.server, "玉雕学徒").id
        # 实名: a certificate names a person staff checked at the station.
        r = s.post_json("/api/v1/people/%d/identity" % holder,
                        {"doc_type": "resident_id", "consent": True,
                         "number": id_number(holder), "name": "玉雕学徒"})
        self.assertEqual(r.status, 201, r)
        r = s.post_json("/api/v1/people/%d/level" % holder,
                        {"level": 2, "evidence": "考核 80 分"})
        self.assertEqual(r.status, 200, r)
        ev = "level:%s" % self.server.sql(
            "SELECT max(id) FROM skill_levels WHERE user = ?1",
            holder)[0][0]
        r = s.post_json("/api/v1/certs", {"event": ev, "lang": "zh"})
        self.assertEqual(r.status, 201, r)
        qr = r.json()["certificate"]["qr"]
        p = subprocess.run([ADMIN, "-d", self.server.dir, "verify", qr],
                           capture_output=True, text=True,
                           env=self.server.env)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("valid signature", p.stdout)
        self.assertEqual(self.client().get("/.well-known/did.json").status,
                         200)
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
