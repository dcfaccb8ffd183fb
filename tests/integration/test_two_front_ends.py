"""Two front ends, one town (issue 18, item 2): two Kore servers on
different ports share one database and one data directory (README, "More
than one machine"). Checked on whichever engine the run uses
(YUJIANG_TEST_ENGINE): one SQLite file both servers open, or one
PostgreSQL database.

- A 1,000-way seat race split across both servers gives exactly the
  capacity: every seat once, the waitlist 1..N, one row per person, the
  arrival order one sequence across both.
- A revocation made on one is seen on the other's verify page (and its
  API) at once: nothing about a certificate is cached in one process.
- A session made on one is a session on the other; a run scheduled on one
  is in the other's catalogue at once (the catalogue version is the
  database's); a person's logout on one ends the session on both.
"""
import random
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from cert_util import verdict, verify_api
from entry_util import create_run
from harness import ENGINE, PASSWORD, Server, new_phone, user

PEOPLE = 1000
SEATS = 100


class TwoFrontEndsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.staff_account = new_phone()
        cls.a = Server(users=[user("两端站长", "staff",
                                   account=cls.staff_account)], init=True)
        cls.b = Server(front_end_of=cls.a)
        try:
            cls.a.start()
            cls.b.start()
        except BaseException:
            cls.b.stop(check=False)
            cls.a.stop(check=False)
            raise
        cls.staff = cls.a.client()
        r = cls.staff.login_api(cls.staff_account, PASSWORD)
        assert r.status == 200, r
        cls.staff_csrf = r.json()["csrf"]

    @classmethod
    def tearDownClass(cls):
        # b first: it shares a's data directory, which a's stop removes.
        try:
            cls.b.stop()
        finally:
            cls.a.stop()

    def servers(self):
        return (self.a, self.b)

    def test_seat_race_split_across_both(self):
        run = create_run(self.staff, "JB101", capacity=SEATS)["id"]

        def register(i):
            srv = self.servers()[i % 2]
            c = srv.client()
            r = c.register_api("两端%04d" % i, new_phone(), PASSWORD,
                               "carver")
            if r.status != 201:
                raise AssertionError("register %d on %s: %r" %
                                     (i, srv.port, r))
            return c, r.json()["user"]["id"], r.json()["csrf"]

        t0 = time.monotonic()
        with ThreadPoolExecutor(8) as ex:
            people = list(ex.map(register, range(PEOPLE)))
        print("\n  [two front ends, %s] %d registered (alternating) in "
              "%.1fs" % (ENGINE, PEOPLE, time.monotonic() - t0))
        # Everyone enrols through the front end they did not register
        # on: their session must be the database's, not one process's.
        gate = threading.Barrier(PEOPLE, timeout=120)
        out = [None] * PEOPLE
        path = "/api/v1/runs/%d/enrol" % run
        order = list(range(PEOPLE))
        random.Random(18).shuffle(order)

        def one(k):
            i = order[k]
            c, _uid, token = people[i]
            c = self._moved(c, self.servers()[(i + 1) % 2])
            gate.wait()
            out[k] = (i, c.post_json(path, {}, csrf=token))

        threads = [threading.Thread(target=one, args=(k,))
                   for k in range(PEOPLE)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        wall = time.monotonic() - t0
        self.assertTrue(all(o is not None for o in out), "a thread hung")
        bad = [(i, r) for i, r in out if r.status != 201]
        self.assertEqual(bad[:5], [], "%d refused or failed" % len(bad))
        answers = {i: r.json() for i, r in out}
        enrolled = [i for i, j in answers.items()
                    if j["status"] == "enrolled"]
        waiting = sorted(j["position"] for j in answers.values()
                         if j["status"] == "waitlisted")
        print("  [two front ends, %s] %d enrolments at once across both: "
              "%.2fs wall" % (ENGINE, PEOPLE, wall))
        self.assertEqual(len(enrolled), SEATS)
        self.assertEqual(waiting, list(range(1, PEOPLE - SEATS + 1)))
        # The database agrees: one row per person, one arrival sequence
        # across both servers, the first SEATS of it enrolled.
        rows = self.a.sql('SELECT "user", status, seq FROM enrolments '
                          "WHERE run = ?1 ORDER BY seq", run)
        self.assertEqual(len(rows), PEOPLE)
        self.assertEqual(len({r[0] for r in rows}), PEOPLE)
        self.assertEqual([int(r[2]) for r in rows],
                         list(range(1, PEOPLE + 1)))
        self.assertEqual({r[1] for r in rows[:SEATS]}, {"enrolled"})
        self.assertEqual({r[1] for r in rows[SEATS:]}, {"waitlisted"})
        # Both servers' catalogues say the same of the run.
        for srv in self.servers():
            j = srv.client().get("/api/v1/courses/JB101").json()
            got = [x for x in j["runs"] if x["id"] == run]
            self.assertEqual([(x["enrolled"], x["seats_left"]) for x in got],
                             [(SEATS, 0)], srv.port)

    def _moved(self, client, server):
        """client's cookies on another front end."""
        c = server.client(lang=client.lang)
        c.cookies = dict(client.cookies)
        return c

    def demo_certificate(self):
        rows = self.a.sql("SELECT id, code FROM certificates WHERE "
                          "current = 1 AND revoked IS NULL ORDER BY id "
                          "LIMIT 1")
        self.assertEqual(len(rows), 1, rows)
        return int(rows[0][0]), rows[0][1]

    def test_revocation_seen_on_the_other_at_once(self):
        cid, code = self.demo_certificate()
        for srv in self.servers():
            r = srv.client().get("/v/" + code)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(verdict(r.text)["status"], "valid", srv.port)
        # Revoked on a (staff's session is a's) ...
        r = self.staff.post_json("/api/v1/certs/%d/revoke" % cid,
                                 {"reason": "两端撤销"}, csrf=self.staff_csrf)
        self.assertEqual(r.status, 200, r)
        # ... and at once (no wait, no retry) revoked on b.
        r = self.b.client().get("/v/" + code)
        self.assertEqual(r.status, 200, r)
        v = verdict(r.text)
        self.assertEqual(v["status"], "revoked")
        self.assertIn("两端撤销", v["reason"])
        j = verify_api(self.b.client(), code).json()
        self.assertEqual(j["status"], "revoked")
        self.assertEqual(j["revoked"]["reason"], "两端撤销")

    def test_session_catalogue_and_logout_across(self):
        c = self.a.client()
        r = c.register_api("跨端", new_phone(), PASSWORD, "carver")
        self.assertEqual(r.status, 201, r)
        on_b = self._moved(c, self.b)
        me = on_b.get("/api/v1/me")
        self.assertEqual(me.status, 200, me)
        self.assertEqual(me.json()["user"]["id"], r.json()["user"]["id"])
        # A run scheduled through a is in b's catalogue at once.
        before = self.b.client().get("/api/v1/courses/JB102").json()
        run = create_run(self.staff, "JB102", capacity=7)["id"]
        after = self.b.client().get("/api/v1/courses/JB102").json()
        ids = lambda j: {x["id"] for x in j["runs"]}
        self.assertNotIn(run, ids(before))
        self.assertIn(run, ids(after))
        # Logged out on b: the session is gone on a too.
        r = on_b.post_json("/api/v1/logout", {}, csrf=r.json()["csrf"])
        self.assertIn(r.status, (200, 204), r)
        self.assertEqual(self._moved(c, self.a).get("/api/v1/me").status,
                         401)


if __name__ == "__main__":
    unittest.main()
