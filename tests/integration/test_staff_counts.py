"""The staff pages' kept counts (issue 16, migration 18) under
concurrency, on the real server with two workers: after certificates are
issued, revoked and re-issued by two staff at once, and apprentices moved
between stages by both at once, the dashboard's certificates by kind and
apprentices by stage equal a COUNT(*) of the database, and the list of
what waits for a certificate equals the events without a current one,
computed from the database the old way."""
import unittest
from concurrent.futures import ThreadPoolExecutor

from cert_util import graduates, issue, pending
from harness import ServerTestCase, user
from incub_util import move
from training_util import (SPREAD_OVER_WORKERS, check_identity, login,
                           new_apprentices, new_master)

# Every event without a current certificate (ST_EVENTS_PENDING before
# migration 18 asked exactly this, reading every event).
WAITING = (
    "SELECT e FROM (SELECT 'completion:' || id AS e FROM completions "
    "UNION ALL SELECT 'level:' || id FROM skill_levels WHERE level >= 1 "
    "UNION ALL SELECT 'honour:' || id FROM honours) AS ev WHERE NOT EXISTS "
    "(SELECT 1 FROM certificates x WHERE x.event = e AND x.current = 1)")


class StaffCountsTest(ServerTestCase):
    users = {"staff": user("周站长", "staff"),
             "staff2": user("吴副站长", "staff")}
    extra_conf = SPREAD_OVER_WORKERS

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.staff2 = login(cls.server, cls.accounts["staff2"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def dashboard(self):
        r = self.staff.get("/api/v1/dashboard")
        self.assertEqual(r.status, 200, r)
        return r.json()

    def assert_counts_match(self):
        d = self.dashboard()
        kinds = dict((k, int(n)) for k, n in self.server.sql(
            "SELECT kind, count(*) FROM certificates GROUP BY kind"))
        for k in ("course", "level", "award", "title", "guide"):
            self.assertEqual(d["certificates_by_kind"][k], kinds.get(k, 0),
                             k)
        stages = dict((s, int(n)) for s, n in self.server.sql(
            "SELECT stage, count(*) FROM users WHERE role = 'apprentice' "
            "GROUP BY stage"))
        for s in ("entry", "training", "incubation", "selection"):
            self.assertEqual(d["stages"][s], stages.get(s, 0), s)
        waiting = sorted(r[0] for r in self.server.sql(WAITING))
        self.assertEqual(sorted(pending(self.staff)), waiting)

    def test_counts_exact_after_concurrent_issue_and_revoke(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 12, "并发计数")
        for p in people:
            self.assertIn(check_identity(self.staff, p.id, p.name).status,
                          (201, 409))
        self.assert_counts_match()
        staffs = (self.staff, self.staff2)
        # Every event issued twice at once: one certificate each.
        calls = [(staffs[i % 2], events[p.id]) for i, p in
                 enumerate(people) for _ in range(2)]
        with ThreadPoolExecutor(8) as ex:
            got = list(ex.map(lambda a: issue(a[0], a[1], check=False),
                              calls))
        self.assertEqual(sorted(r.status for r in got),
                         [201] * 12 + [409] * 12)
        certs = [r.json()["certificate"] for r in got if r.status == 201]
        self.assert_counts_match()
        # Half revoked, a quarter re-issued, by both staff at once.
        def change(i_c):
            i, c = i_c
            s = staffs[i % 2]
            base = "/api/v1/certs/%d/" % c["id"]
            if i % 4 == 0:
                return s.post(base + "reissue", {"reason": "重发"})
            return s.post(base + "revoke", {"reason": "撤销"})
        with ThreadPoolExecutor(8) as ex:
            done = list(ex.map(change, enumerate(certs[:9])))
        self.assertTrue(all(r.status in (200, 201) for r in done), done)
        self.assert_counts_match()
        # A revoked event waits again; issued anew, it leaves the list.
        waiting = pending(self.staff)
        revoked = [e for e in events.values() if e in waiting]
        self.assertEqual(len(revoked), 6, waiting)
        again = revoked[0]
        self.assertEqual(issue(self.staff, again, check=False).status, 201)
        self.assertNotIn(again, pending(self.staff))
        self.assert_counts_match()

    def test_stage_counts_exact_after_concurrent_moves(self):
        people = new_apprentices(self.server, 10, prefix="阶段计数")
        self.assert_counts_match()
        staffs = (self.staff, self.staff2)
        moves = [(staffs[i % 2], p.id, to) for i, p in enumerate(people)
                 for to in ("training", "incubation")]
        with ThreadPoolExecutor(8) as ex:
            list(ex.map(lambda a: move(a[0], a[1], a[2], "并发调整"),
                        moves))
        self.assert_counts_match()


if __name__ == "__main__":
    unittest.main()
