"""A person in the pipeline (/people/<id>): who may look, the skill
level staff award with evidence, what the next stage still needs (the
gates of gate.c), and staff moving people between stages — by the rules
(no reason needed) or as a recorded exception (a reason required).

Completing an entry course goes through the real run desk: staff
schedule a JB101 run taught by the apprentice's master, the apprentice
enrols, the master takes the register and records a passing score
(JB101: 8 sessions, 75% attendance, pass mark 60)."""
import unittest

from entry_util import create_run, day
from harness import ServerTestCase, user
from training_util import (NEED_ENTRY_COURSE, NEED_HOURS, NEED_LEVEL,
                           NEED_MASTER, NEED_RECOMMENDATION, ask, login,
                           new_apprentice, new_master, take_on)


class PeopleTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def master(self, name="王师傅"):
        return new_master(self.server, self.staff, name)

    def apprentice(self, name="林晓峰"):
        return new_apprentice(self.server, name)

    def person(self, who, pid=None):
        r = who.get("/api/v1/people/%d" % (pid or who.id))
        self.assertEqual(r.status, 200, r)
        return r.json()

    def needs(self, pid):
        return [n["kind"] for n in
                self.person(self.staff, pid)["next_stage_needs"]]

    def move(self, pid, to, reason=None):
        body = {"to": to}
        if reason is not None:
            body["reason"] = reason
        return self.staff.post("/api/v1/people/%d/stage" % pid, body)

    def complete_entry_course(self, a, m):
        """a completes JB101 in a run taught by m."""
        run = create_run(self.staff.client, "JB101", instructor=m.id)["id"]
        r = a.post("/api/v1/runs/%d/enrol" % run)
        self.assertEqual(r.status, 201, r)
        for s in range(1, 9):
            r = m.post("/api/v1/runs/%d/attendance" % run,
                       {"session": s, "present": [a.id]})
            self.assertEqual(r.status, 200, r)
        r = m.post("/api/v1/runs/%d/result" % run, {"user": a.id,
                                                    "score": 85})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["result"], "passed")
        self.assertEqual(self.server.sql(
            "SELECT course FROM completions WHERE user = ?1 AND run = ?2",
            a.id, run), [["JB101"]])

    # -- who may look ---------------------------------------------------------

    def test_who_may_see_a_person(self):
        m, other_m = self.master(), self.master("陈师傅")
        a, other_a = self.apprentice(), self.apprentice("陈美玲")
        mid = take_on(a, m)
        pending = self.apprentice("黄小龙")
        ask(pending, other_m.id)
        api, page = "/api/v1/people/%d" % a.id, "/people/%d" % a.id
        for who, status in (("self", 200), ("master", 200), ("staff", 200),
                            ("other apprentice", 403),
                            ("other master", 403)):
            c = {"self": a, "master": m, "staff": self.staff,
                 "other apprentice": other_a, "other master": other_m}[who]
            with self.subTest(who=who):
                r = c.get(api)
                self.assertEqual(r.status, status, r)
                if status == 403:
                    self.assertJSONError(r, 403, "forbidden")
                    self.assertNotIn(a.name, r.text)
                else:
                    self.assertEqual(r.json()["user"]["id"], a.id)
                p = c.get(page)
                self.assertEqual(p.status, status, p)
                if status == 200:
                    self.assertIn('<h1 id="person-name">林晓峰</h1>', p.text)
                else:
                    self.assertNotIn("林晓峰", p.text)
        anon = self.client()
        self.assertRedirect(anon.get(page), "/login")
        self.assertJSONError(anon.get(api), 401, "login_required")
        # A master a request is waiting with is not yet "their master".
        self.assertJSONError(other_m.get("/api/v1/people/%d" % pending.id),
                             403, "forbidden")
        # Only staff get the award and move forms.
        self.assertIn('action="/people/%d/level"' % a.id,
                      self.staff.get(page).text)
        for c in (a, m):
            self.assertNotIn('action="/people/%d/level"' % a.id,
                             c.get(page).text)
        # Once the mentorship ends, the former master may not look.
        self.assertEqual(m.post("/api/v1/mentorships/%d/end" % mid,
                                {"reason": "出师"}).status, 200)
        self.assertJSONError(m.get(api), 403, "forbidden")
        self.assertEqual(m.get(page).status, 403)
        # Unknown people and people who are not apprentices.
        self.assertJSONError(self.staff.get("/api/v1/people/999999"), 404,
                             "not_found")
        # Only apprentices have a pipeline record: a master is not found.
        self.assertJSONError(self.staff.get("/api/v1/people/%d" % m.id), 404,
                             "not_found")
        self.assertJSONError(m.get("/api/v1/people/%d" % m.id), 404,
                             "not_found")

    # -- levels ---------------------------------------------------------------

    def test_award_level(self):
        m = self.master()
        a = self.apprentice()
        take_on(a, m)
        lv = self.person(self.staff, a.id)["level"]
        self.assertEqual((lv["level"], lv["name"], lv["evidence"]),
                         (-1, "尚未评定", ""))
        path = "/api/v1/people/%d/level" % a.id
        for body, code in (
                ({"level": 2}, "invalid_evidence"),
                ({"level": 2, "evidence": ""}, "invalid_evidence"),
                ({"level": 2, "evidence": "长" * 501}, "invalid_evidence"),
                ({"level": 2, "evidence": 7}, "invalid_evidence"),
                ({"evidence": "考核 85 分"}, "invalid_level"),
                ({"level": 6, "evidence": "考核 85 分"}, "invalid_level"),
                ({"level": -1, "evidence": "考核 85 分"}, "invalid_level"),
                ({"level": "2", "evidence": "考核 85 分"}, "invalid_level"),
                ({"level": 2.5, "evidence": "考核 85 分"}, "invalid_level"),
                ({"level": None, "evidence": "考核 85 分"}, "invalid_level")):
            with self.subTest(body=body):
                self.assertJSONError(self.staff.post(path, body), 400, code)
        # Nobody but staff, whatever the body.
        for who in (a, m):
            self.assertJSONError(who.post(path, {"level": 1,
                                                 "evidence": "自评"}),
                                 403, "forbidden")
        self.assertJSONError(self.client().post_json(path, {}), 401,
                             "login_required")
        self.assertEqual(self.person(self.staff, a.id)["level"]["level"], -1)
        for level in (0, 5, 2):
            r = self.staff.post(path, {"level": level,
                                       "evidence": "玉雕技能考核 %d\n作品：山水牌"
                                       % level})
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json(), {"user": a.id, "status": "saved"})
        for who in (self.staff, a, m):
            lv = self.person(who, a.id)["level"]
            self.assertEqual((lv["level"], lv["name"], lv["evidence"]),
                             (2, "四级 / 中级工", "玉雕技能考核 2\n作品：山水牌"))
        self.assertEqual(len(self.server.sql(
            "SELECT id FROM skill_levels WHERE user = ?1", a.id)), 3)
        # Levels are for apprentices; unknown people are not found.
        self.assertJSONError(self.staff.post(
            "/api/v1/people/%d/level" % m.id, {"level": 1, "evidence": "x"}),
            409, "not_apprentice")
        self.assertJSONError(self.staff.post(
            "/api/v1/people/999999/level", {"level": 1, "evidence": "x"}),
            404, "not_found")
        # By the page's form (multipart: the evidence is a textarea).
        page = "/people/%d" % a.id
        r = self.staff.client.post_multipart(
            "/people/%d/level" % a.id,
            [("level", "3"), ("evidence", "第二次考核\n92 分")], page=page)
        self.assertRedirect(r, "/people/%d?done=saved" % a.id)
        self.assertIn('<strong id="level">三级 / 高级工</strong>',
                      self.staff.get(page).text)
        r = self.staff.client.post_multipart(
            "/people/%d/level" % a.id, [("level", "9"), ("evidence", "x")],
            csrf=self.staff.csrf)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(self.person(self.staff, a.id)["level"]["level"], 3)

    # -- stages ---------------------------------------------------------------

    def test_entry_gate_closed_needs_a_reason(self):
        m = self.master()
        a = self.apprentice()
        p = self.person(self.staff, a.id)
        self.assertEqual((p["stage"], p["gate_open"], p["history"]),
                         ("entry", False, []))
        self.assertEqual([(n["kind"], n["have"], n["want"])
                          for n in p["next_stage_needs"]],
                         [(NEED_ENTRY_COURSE, 0, 1), (NEED_MASTER, 0, 1)])
        for n in p["next_stage_needs"]:
            self.assertTrue(n["message"])
        take_on(a, m)
        self.assertEqual(self.needs(a.id), [NEED_ENTRY_COURSE])
        # The gate is closed: no move without a reason.
        for reason in (None, ""):
            with self.subTest(reason=reason):
                self.assertJSONError(self.move(a.id, "training", reason), 409,
                                     "gate_closed")
        self.assertJSONError(self.move(a.id, "graduated", "x"), 400,
                             "invalid_stage")
        self.assertJSONError(self.staff.post(
            "/api/v1/people/%d/stage" % a.id, {"reason": "x"}), 400,
            "invalid_stage")
        self.assertJSONError(self.move(a.id, "training", "长" * 201), 400,
                             "invalid_reason")
        self.assertJSONError(self.move(a.id, "entry", "已经在入门"), 409,
                             "same_stage")
        for who in (a, m):
            self.assertJSONError(who.post("/api/v1/people/%d/stage" % a.id,
                                          {"to": "training",
                                           "reason": "我自己"}),
                                 403, "forbidden")
        self.assertEqual(self.person(self.staff, a.id)["stage"], "entry")
        self.assertEqual(self.person(self.staff, a.id)["history"], [])
        # With a reason: an exception, recorded as one.
        reason = "已有三年雕刻经验\n驿站面试通过"
        r = self.move(a.id, "training", reason)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"user": a.id, "status": "saved"})
        p = self.person(self.staff, a.id)
        self.assertEqual(p["stage"], "training")
        self.assertEqual(p["user"]["stage"], "training")
        self.assertEqual(len(p["history"]), 1)
        h = p["history"][0]
        self.assertEqual((h["from"], h["to"], h["by"], h["reason"],
                          h["override"]),
                         ("entry", "training", "周站长", reason, True))
        self.assertEqual(self.person(a)["stage"], "training")
        # Training's gate: hours, level and the recommendation.
        self.assertEqual(self.needs(a.id), [NEED_HOURS, NEED_LEVEL,
                                            NEED_RECOMMENDATION])
        self.assertJSONError(self.move(a.id, "training", "再来"), 409,
                             "same_stage")
        # Skipping on, or stepping back, is always an exception.
        self.assertJSONError(self.move(a.id, "selection"), 409,
                             "gate_closed")
        r = self.move(a.id, "entry", "回炉补课")
        self.assertEqual(r.status, 200, r)
        h = self.person(self.staff, a.id)["history"]
        self.assertEqual([(x["from"], x["to"], x["override"]) for x in h],
                         [("entry", "training", True),
                          ("training", "entry", True)])
        # The history page shows the exception, escaped and in order.
        page = self.staff.get("/people/%d" % a.id).text
        self.assertIn("例外调整", page)
        self.assertIn("回炉补课", page)

    def test_open_gate_needs_no_reason(self):
        m = self.master()
        a = self.apprentice()
        self.complete_entry_course(a, m)
        self.assertEqual(self.needs(a.id), [NEED_MASTER])
        take_on(a, m)
        p = self.person(self.staff, a.id)
        self.assertEqual(p["next_stage_needs"], [])
        self.assertTrue(p["gate_open"])
        self.assertIn('id="gate-open"', a.get("/people/%d" % a.id).text)
        # One stage on with nothing missing: no reason, no exception.
        r = self.move(a.id, "training")
        self.assertEqual(r.status, 200, r)
        p = self.person(self.staff, a.id)
        self.assertEqual(p["stage"], "training")
        h = p["history"]
        self.assertEqual(len(h), 1)
        self.assertEqual((h[0]["from"], h[0]["to"], h[0]["reason"],
                          h[0]["override"]), ("entry", "training", "", False))
        self.assertNotIn("例外调整", self.staff.get("/people/%d" % a.id).text)
        self.assertEqual(self.server.sql(
            "SELECT action FROM audit WHERE subject = ?1 AND action LIKE "
            "'stage.%' ORDER BY id", "user:%d" % a.id), [["stage.move"]])

    def test_open_gate_skipping_a_stage_needs_a_reason(self):
        m = self.master()
        a = self.apprentice()
        self.complete_entry_course(a, m)
        take_on(a, m)
        self.assertJSONError(self.move(a.id, "incubation"), 409,
                             "gate_closed")
        r = self.move(a.id, "incubation", "比赛获奖，直接进入孵化")
        self.assertEqual(r.status, 200, r)
        h = self.person(self.staff, a.id)["history"]
        self.assertEqual((h[0]["to"], h[0]["override"]),
                         ("incubation", True))

    def test_training_gate_hours_level_recommendation(self):
        """Into incubation: 200 confirmed hours, a level of at least 1
        and the master's recommendation; rejected hours do not count."""
        m = self.master()
        a = self.apprentice()
        mid = take_on(a, m)
        self.assertEqual(self.move(a.id, "training", "面试通过").status, 200)

        def need(kind):
            for n in self.person(self.staff, a.id)["next_stage_needs"]:
                if n["kind"] == kind:
                    return n["have"], n["want"]
            return None

        self.assertEqual(need(NEED_HOURS), (0, 200))
        self.assertEqual(need(NEED_LEVEL), (-1, 1))
        self.assertEqual(need(NEED_RECOMMENDATION), (0, 1))
        for i in range(17):
            r = a.post("/api/v1/training/log", {
                "day": day(-i), "hours": "12", "skill": "carving"})
            self.assertEqual(r.status, 201, r)
            verb = "reject" if i == 16 else "confirm"
            self.assertEqual(m.post("/api/v1/training/log/%d/%s" % (
                r.json()["id"], verb)).status, 200)
        self.assertEqual(need(NEED_HOURS), (192, 200))
        self.assertEqual(self.person(a)["confirmed_hours"], 192.0)
        r = a.post("/api/v1/training/log", {"day": day(-20), "hours": "7.75",
                                            "skill": "polishing"})
        m.post("/api/v1/training/log/%d/confirm" % r.json()["id"])
        self.assertEqual(need(NEED_HOURS), (199, 200))
        r = a.post("/api/v1/training/log", {"day": day(-21), "hours": "0.25",
                                            "skill": "polishing"})
        m.post("/api/v1/training/log/%d/confirm" % r.json()["id"])
        self.assertIsNone(need(NEED_HOURS))
        self.assertEqual(self.needs(a.id), [NEED_LEVEL, NEED_RECOMMENDATION])
        # Level 0 (学徒工) is below the gate's level 1.
        lv = "/api/v1/people/%d/level" % a.id
        self.staff.post(lv, {"level": 0, "evidence": "入门考核"})
        self.assertEqual(need(NEED_LEVEL), (0, 1))
        self.staff.post(lv, {"level": 1, "evidence": "初级工考核 80 分"})
        self.assertEqual(self.needs(a.id), [NEED_RECOMMENDATION])
        self.assertJSONError(self.move(a.id, "incubation"), 409,
                             "gate_closed")
        self.assertEqual(m.post("/api/v1/mentorships/%d/recommend" %
                                mid).status, 200)
        p = self.person(self.staff, a.id)
        self.assertEqual((p["next_stage_needs"], p["gate_open"]), ([], True))
        r = self.move(a.id, "incubation")
        self.assertEqual(r.status, 200, r)
        h = self.person(self.staff, a.id)["history"]
        self.assertEqual([(x["to"], x["override"]) for x in h],
                         [("training", True), ("incubation", False)])

    def test_stage_by_form(self):
        m = self.master()
        a = self.apprentice()
        take_on(a, m)
        page = "/people/%d" % a.id
        text = self.staff.get(page).text
        self.assertRegex(text, r'<form method="post" class="stack" '
                         r'enctype="multipart/form-data" action="/people/%d/'
                         r'stage">' % a.id)
        self.assertIn('<option value="training" selected>', text)
        r = self.staff.client.post_multipart(
            "/people/%d/stage" % a.id, [("to", "training"), ("reason", "")],
            page=page)
        self.assertEqual(r.status, 409, r)
        self.assertIn("条件还没有满足；如要例外调整，请写明原因。", r.text)
        r = self.staff.client.post_multipart(
            "/people/%d/stage" % a.id,
            [("to", "training"), ("reason", "合作院校推荐")], page=page)
        self.assertRedirect(r, "/people/%d?done=saved" % a.id)
        self.assertEqual(self.person(a)["stage"], "training")
        # The person's own page shows where they stand now.
        mine = a.get(page).text
        self.assertIn("合作院校推荐", mine)
        self.assertNotIn('action="/people/%d/stage"' % a.id, mine)


if __name__ == "__main__":
    unittest.main()
