"""THE RACE: 200 people press "enrol" on a 30-seat run at the same moment
(and 20 of them press twice). Exactly 30 seats, 170 on the waitlist with
positions 1..170, one row per person, and the seats go to the first 30 in
the server's own arrival order (the enrolment sequence, the audit trail
and the desk's roster all agree)."""
import random
import threading
import time
import unittest

from entry_util import create_run, register_many
from harness import ServerTestCase, user

PEOPLE = 200
SEATS = 30
TWICE = 20          # the first TWICE people send a second request


class EnrolmentRaceTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = cls.server.client()
        r = cls.staff.login_api(cls.accounts["staff"])
        assert r.status == 200, r
        cls.run_id = create_run(cls.staff, "JB101", capacity=SEATS)["id"]
        t0 = time.time()
        cls.people = register_many(cls.server, PEOPLE, threads=8,
                                   prefix="抢位")
        cls.register_time = time.time() - t0
        print("\n  [race] %d apprentices registered through the API in "
              "%.1fs" % (PEOPLE, cls.register_time))

    def storm(self):
        """Every request released together from its own thread; returns
        [(person, t_sent, t_done, response)]."""
        jobs = [(i, 0) for i in range(PEOPLE)] + \
            [(i, 1) for i in range(TWICE)]
        random.Random(42).shuffle(jobs)
        gate = threading.Barrier(len(jobs), timeout=60)
        out = [None] * len(jobs)
        path = "/api/v1/runs/%d/enrol" % self.run_id

        def one(k):
            i, _ = jobs[k]
            c, _u, token = self.people[i]
            gate.wait()
            t0 = time.monotonic()
            r = c.post_json(path, {}, csrf=token)
            out[k] = (i, t0, time.monotonic(), r)

        threads = [threading.Thread(target=one, args=(k,))
                   for k in range(len(jobs))]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        self.storm_time = time.monotonic() - t0
        self.assertTrue(all(o is not None for o in out), "a thread hung")
        return out

    def test_two_hundred_at_once(self):
        results = self.storm()
        ids = [u["id"] for _c, u, _t in self.people]
        # How many were in flight together (intervals overlapping).
        events = sorted([(t0, 1) for _i, t0, _t1, _r in results] +
                        [(t1, -1) for _i, _t0, t1, _r in results])
        inflight = peak = 0
        for _t, d in events:
            inflight += d
            peak = max(peak, inflight)
        lat = sorted(t1 - t0 for _i, t0, t1, _r in results)
        print("\n  [race] %d requests (%d people, %d twice): %.2fs wall, "
              "peak %d in flight, latency p50 %.0f ms, max %.0f ms" % (
                  len(results), PEOPLE, TWICE, self.storm_time, peak,
                  lat[len(lat) // 2] * 1000, lat[-1] * 1000))
        self.assertGreaterEqual(peak, 50, "the storm was not concurrent")

        bad = [(i, r) for i, _t0, _t1, r in results
               if r.status not in (200, 201)]
        self.assertEqual(bad, [], "refused or failed requests (503 busy?)")

        by_person = {}
        for i, t0, t1, r in results:
            by_person.setdefault(i, []).append((t0, t1, r.status, r.json()))
        created = {}
        for i, answers in by_person.items():
            statuses = sorted(a[2] for a in answers)
            self.assertEqual(statuses, [200, 201] if i < TWICE else [201],
                             "person %d: %r" % (i, answers))
            self.assertEqual(len({a[3]["status"] for a in answers}), 1,
                             "person %d got two answers: %r" % (i, answers))
            first = [a for a in answers if a[2] == 201][0]
            created[i] = first
            for a in answers:
                self.assertEqual(a[3]["run"], self.run_id)
                if a[3]["status"] == "waitlisted":
                    self.assertEqual(a[3]["position"], first[3]["position"])
        enrolled = sorted(i for i, a in created.items()
                          if a[3]["status"] == "enrolled")
        waiting = {i: a[3]["position"] for i, a in created.items()
                   if a[3]["status"] == "waitlisted"}
        self.assertEqual(len(enrolled), SEATS)
        self.assertEqual(len(waiting), PEOPLE - SEATS)
        self.assertEqual(sorted(waiting.values()),
                         list(range(1, PEOPLE - SEATS + 1)),
                         "waitlist positions are not 1..170, each once")

        # The server's arrival order: one row per person, seq 1..200, the
        # enrolled exactly the first 30, the queue in seq order.
        rows = self.server.sql(
            "SELECT user, status, seq FROM enrolments WHERE run = ?1 "
            "ORDER BY seq", self.run_id)
        self.assertEqual(len(rows), PEOPLE)
        self.assertEqual(len({r[0] for r in rows}), PEOPLE,
                         "a person has two rows")
        self.assertEqual([int(r[2]) for r in rows],
                         list(range(1, PEOPLE + 1)))
        self.assertEqual([r[1] for r in rows],
                         ["enrolled"] * SEATS +
                         ["waitlisted"] * (PEOPLE - SEATS),
                         "a later arrival got a seat before an earlier one")
        seq_of = {int(r[0]): int(r[2]) for r in rows}
        for i, pos in waiting.items():
            self.assertEqual(seq_of[ids[i]], SEATS + pos,
                             "person %d: position %d, seq %d" % (
                                 i, pos, seq_of[ids[i]]))
        self.assertEqual(sorted(seq_of[ids[i]] for i in enrolled),
                         list(range(1, SEATS + 1)))

        # Causality seen from outside: whoever was answered before
        # another person even sent their request arrived first.
        firsts = sorted((a[0], a[1], i) for i, a in created.items())
        checked = 0
        for i, (_s, done, pi) in enumerate(firsts):
            for s2, _d2, pj in firsts[i + 1:]:
                if s2 > done:
                    checked += 1
                    self.assertLess(seq_of[ids[pi]], seq_of[ids[pj]])
        print("  [race] %d answered-before-sent pairs agree with the "
              "server's order" % checked)

        # The audit trail: 30 seats then 170 waitlist entries, in order.
        acts = [r[0] for r in self.server.sql(
            "SELECT action FROM audit WHERE subject = ?1 AND action LIKE "
            "'enrolment.%' ORDER BY id", "run:%d" % self.run_id)]
        self.assertEqual(acts, ["enrolment.enrol"] * SEATS +
                         ["enrolment.waitlist"] * (PEOPLE - SEATS))

        # The desk's roster: the seats, then the queue in order.
        ro = self.staff.get("/api/v1/runs/%d" % self.run_id).json()
        self.assertEqual((ro["run"]["enrolled"], ro["run"]["waitlisted"],
                          ro["run"]["seats_left"]),
                         (SEATS, PEOPLE - SEATS, 0))
        roster = ro["roster"]
        self.assertEqual(len(roster), PEOPLE)
        self.assertEqual([x["user"] for x in roster],
                         [int(r[0]) for r in rows])
        self.assertEqual([x["position"] for x in roster],
                         [0] * SEATS + list(range(1, PEOPLE - SEATS + 1)))
        pos_of = {x["user"]: x["position"] for x in roster}
        for i, pos in waiting.items():
            self.assertEqual(pos_of[ids[i]], pos)

        # Each person's own view agrees (a sample).
        for i in list(enrolled[:5]) + sorted(waiting)[:5]:
            c = self.people[i][0]
            seat = [s for s in c.get("/api/v1/me/enrolments").json()[
                "enrolments"] if s["run"] == self.run_id]
            self.assertEqual(len(seat), 1)
            want = "enrolled" if i in enrolled else "waitlisted"
            self.assertEqual(seat[0]["status"], want)
            if want == "waitlisted":
                self.assertEqual(seat[0]["position"], waiting[i])

        # Ten seated people withdraw at the same moment: the ten at the
        # head of the queue move up, in order; the rest keep their order.
        leavers = enrolled[:10]
        gate = threading.Barrier(len(leavers), timeout=30)
        answers = {}

        def leave(i):
            c, _u, token = self.people[i]
            gate.wait()
            answers[i] = c.post_json("/api/v1/runs/%d/withdraw" %
                                     self.run_id, {}, csrf=token)

        threads = [threading.Thread(target=leave, args=(i,))
                   for i in leavers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(sorted(r.status for r in answers.values()),
                         [200] * len(leavers))
        head = sorted(waiting, key=waiting.get)
        ro = self.staff.get("/api/v1/runs/%d" % self.run_id).json()
        self.assertEqual((ro["run"]["enrolled"], ro["run"]["waitlisted"]),
                         (SEATS, PEOPLE - SEATS - len(leavers)))
        seated = [x["user"] for x in ro["roster"]
                  if x["status"] == "enrolled"]
        stay = sorted((ids[i] for i in enrolled[10:]), key=seq_of.get)
        self.assertEqual(seated, stay + [ids[i] for i in head[:10]])
        self.assertEqual([x["user"] for x in ro["roster"]
                          if x["status"] == "waitlisted"],
                         [ids[i] for i in head[10:]])
        for i in head[:10]:
            seat = [s for s in self.people[i][0].get(
                "/api/v1/me/enrolments").json()["enrolments"]
                if s["run"] == self.run_id][0]
            self.assertEqual((seat["status"], seat["promoted"]),
                             ("enrolled", True))
        seat = [s for s in self.people[head[10]][0].get(
            "/api/v1/me/enrolments").json()["enrolments"]
            if s["run"] == self.run_id][0]
        self.assertEqual((seat["status"], seat["position"]),
                         ("waitlisted", 1))
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
