"""Production mode: kore started as root WITHOUT -n/-r and with
`runas nobody`, so every worker is chrooted into the data directory,
runs as nobody and is sandboxed — as deployed. The parent chowns the
database to nobody (kore_parent_configure). Skipped when not root."""
import os
import pwd
import unittest

from harness import PASSWORD, ServerTestCase, new_phone, user


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
        st = os.stat(os.path.join(self.server.dir, "yujiang.db"))
        self.assertEqual(st.st_uid, nobody.pw_uid)

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


if __name__ == "__main__":
    unittest.main()
