"""Races in the training stage, with two workers (two processes, two
SQLite connections) that really serve requests made at the same moment
side by side (training_util.SPREAD_OVER_WORKERS): decisions run in one
BEGIN IMMEDIATE transaction each, so the facts they read still hold when
they write.

- Two masters accept two requests of the same apprentice at the same
  moment: exactly one mentorship becomes active; the other request ends
  up withdrawn, and its master gets a 409.
- A master one place short of the limit accepts two requests at the
  same moment: exactly one is taken on.
- The same request sent twice at once (a double click): one request.
- Both sides end a mentorship at once: it ends once, with one reason.
- A master confirms and rejects the same log entry from two tabs at
  once: it is decided once, and the comment is the winner's.
- Two staff move the same person to the same stage at once: one move."""
import threading
import unittest

from entry_util import china_today
from harness import ServerTestCase, user
from training_util import (SPREAD_OVER_WORKERS, ask, log, login,
                           new_apprentice, new_apprentices, new_master,
                           take_on)

ROUNDS = 6


def at_once(calls):
    """Run the calls (functions of no argument) in threads released
    together; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def run(i):
        barrier.wait()
        try:
            out[i] = calls[i]()
        except Exception as e:     # reported by the caller's assertions
            out[i] = e

    threads = [threading.Thread(target=run, args=(i,))
               for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


class TrainingRaceTest(ServerTestCase):
    workers = 2
    extra_conf = SPREAD_OVER_WORKERS    # requests at once: both workers
    users = {"staff": user("周站长", "staff"),
             "staff2": user("李站员", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def active_of(self, apprentice_id):
        return self.server.sql(
            "SELECT id, master FROM mentorships WHERE apprentice = ?1 AND "
            "status = 'active'", apprentice_id)

    def test_two_masters_accept_the_same_apprentice(self):
        m1 = new_master(self.server, self.staff, "王师傅")
        m2 = new_master(self.server, self.staff, "陈师傅")
        people = new_apprentices(self.server, ROUNDS, prefix="抢徒弟")
        for i, a in enumerate(people):
            with self.subTest(round=i):
                r1, r2 = ask(a, m1.id, "请收下我"), ask(a, m2.id, "请收下我")
                ids = (r1.json()["mentorship"], r2.json()["mentorship"])
                results = at_once([
                    lambda: m1.post("/api/v1/mentorships/%d/accept" %
                                    ids[0]),
                    lambda: m2.post("/api/v1/mentorships/%d/accept" %
                                    ids[1])])
                for res in results:
                    self.assertNotIsInstance(res, Exception)
                statuses = sorted(res.status for res in results)
                self.assertEqual(statuses, [200, 409], results)
                loser = [res for res in results if res.status == 409][0]
                self.assertIn(loser.json()["error"],
                              ("already_decided", "has_master"))
                active = self.active_of(a.id)
                self.assertEqual(len(active), 1, active)
                winner = 0 if results[0].status == 200 else 1
                self.assertEqual(int(active[0][0]), ids[winner])
                other = self.server.sql(
                    "SELECT status FROM mentorships WHERE id = ?1",
                    ids[1 - winner])[0][0]
                self.assertEqual(other, "withdrawn")
        # Both masters' numbers add up.
        ms = {m["id"]: m["apprentices"] for m in
              self.client().get("/api/v1/masters").json()["masters"]}
        self.assertEqual(ms[m1.id] + ms[m2.id], ROUNDS)

    def test_last_place_taken_once(self):
        m = new_master(self.server, self.staff, "满员师傅")
        people = new_apprentices(self.server, 9, prefix="名额")
        for a in people[:7]:
            take_on(a, m)
        ids = [ask(a, m.id).json()["mentorship"] for a in people[7:]]
        results = at_once([
            lambda i=i: m.post("/api/v1/mentorships/%d/accept" % i)
            for i in ids])
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [200, 409], results)
        self.assertEqual([r for r in results if r.status == 409][0]
                         .json()["error"], "master_full")
        self.assertEqual(int(self.server.sql(
            "SELECT count(*) FROM mentorships WHERE master = ?1 AND "
            "status = 'active'", m.id)[0][0]), 8)

    def test_double_submitted_request(self):
        """The same request sent twice at once: one request, one 409."""
        m = new_master(self.server, self.staff)
        for i, a in enumerate(new_apprentices(self.server, ROUNDS,
                                              prefix="双击")):
            with self.subTest(round=i):
                results = at_once([lambda: ask(a, m.id, "请收下我")] * 2)
                self.assertEqual(sorted(r.status for r in results),
                                 [201, 409], results)
                self.assertEqual([r for r in results if r.status == 409][0]
                                 .json()["error"], "already_asked")
                self.assertEqual(len(self.server.sql(
                    "SELECT id FROM mentorships WHERE apprentice = ?1",
                    a.id)), 1)

    def test_both_sides_end_at_once(self):
        m = new_master(self.server, self.staff)
        for i, a in enumerate(new_apprentices(self.server, ROUNDS,
                                              prefix="同时结束")):
            with self.subTest(round=i):
                mid = take_on(a, m)
                path = "/api/v1/mentorships/%d/end" % mid
                results = at_once([
                    lambda: a.post(path, {"reason": "徒弟提出"}),
                    lambda: m.post(path, {"reason": "师傅提出"})])
                self.assertEqual(sorted(r.status for r in results),
                                 [200, 409], results)
                won = 0 if results[0].status == 200 else 1
                self.assertEqual(self.server.sql(
                    "SELECT status, end_reason FROM mentorships WHERE "
                    "id = ?1", mid),
                    [["ended", ("徒弟提出", "师傅提出")[won]]])

    def test_stage_move_sent_twice(self):
        """Staff press "move" twice (or two staff at once): the person
        moves once; the second is 409 same_stage, and the history does
        not get a second line (training → training)."""
        m = new_master(self.server, self.staff)
        # Twenty apprentices: more than the default limit of 8.
        r = self.staff.post("/api/v1/masters/%d/limit" % m.id, {"limit": 30})
        self.assertEqual(r.status, 200, r)
        staff2 = login(self.server, self.accounts["staff2"])
        # The window is narrow (the checks before the move's transaction):
        # enough rounds that a race shows in nearly every run.
        for i, a in enumerate(new_apprentices(self.server, 20,
                                              prefix="转段")):
            with self.subTest(round=i):
                take_on(a, m)
                path = "/api/v1/people/%d/stage" % a.id
                body = {"to": "training", "reason": "面试通过"}
                results = at_once([lambda: self.staff.post(path, body),
                                   lambda: staff2.post(path, body)])
                moves = self.server.sql(
                    "SELECT from_stage, to_stage FROM stage_moves WHERE "
                    "user = ?1", a.id)
                self.assertEqual(moves, [["entry", "training"]])
                self.assertEqual(sorted(r.status for r in results),
                                 [200, 409], results)

    def test_log_entry_decided_once(self):
        m = new_master(self.server, self.staff)
        a = new_apprentice(self.server)
        take_on(a, m)
        for i in range(ROUNDS):
            with self.subTest(round=i):
                eid = log(a, china_today(), "1").json()["id"]
                results = at_once([
                    lambda: m.post("/api/v1/training/log/%d/confirm" % eid,
                                   {"comment": "确认"}),
                    lambda: m.post("/api/v1/training/log/%d/reject" % eid,
                                   {"comment": "驳回"})])
                statuses = sorted(r.status for r in results)
                self.assertEqual(statuses, [200, 409], results)
                won = [r for r in results if r.status == 200][0].json()
                st, comment = self.server.sql(
                    "SELECT status, coalesce(comment, '') FROM training_log "
                    "WHERE id = ?1", eid)[0]
                self.assertEqual(st, won["status"])
                self.assertEqual(comment, "确认" if st == "confirmed" else
                                 "驳回")


if __name__ == "__main__":
    unittest.main()
