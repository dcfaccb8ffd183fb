"""The training log (训练记录): an apprentice logs a day's training with
their master, the master confirms or rejects it with a comment, and only
confirmed hours count — per skill on /api/v1/training and in total on
/api/v1/people/<id>. Both through the API and the pages' forms."""
import re
import unittest

from entry_util import china_today, day
from harness import ServerTestCase, user
from training_util import (SKILLS, log, login, new_apprentice, new_master,
                           take_on)


class TrainingLogTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def pair(self, apprentice="林晓峰", master="王师傅"):
        """A new apprentice taken on by a new master."""
        m = new_master(self.server, self.staff, master)
        a = new_apprentice(self.server, apprentice)
        take_on(a, m)
        return a, m

    def entries(self, a):
        return int(self.server.sql(
            "SELECT count(*) FROM training_log WHERE apprentice = ?1",
            a.id)[0][0])

    def test_no_master_no_log(self):
        a = new_apprentice(self.server)
        self.assertJSONError(log(a, china_today(), "2"), 409, "no_master")
        r = a.client.post_multipart(
            "/training/log", [("day", china_today()), ("hours", "2"),
                              ("skill", "carving")], page="/training")
        self.assertEqual(r.status, 409, r)
        self.assertIn("有了师傅以后才能记录训练。", r.text)
        self.assertEqual(self.entries(a), 0)
        # Only apprentices log.
        m = new_master(self.server, self.staff)
        for who in (m, self.staff):
            self.assertJSONError(log(who, china_today(), "2"), 403,
                                 "forbidden")
        self.assertJSONError(self.client().post_json(
            "/api/v1/training/log", {}), 401, "login_required")

    def test_invalid_entries_are_refused_and_not_written(self):
        a, m = self.pair()
        good = {"day": china_today(), "hours": "2.5", "skill": "carving",
                "notes": "练习浮雕打坯。"}
        bad = [
            ("day", "tomorrow", {"day": day(1)}, "invalid_day"),
            ("day", "next year", {"day": day(400)}, "invalid_day"),
            ("day", "30 February", {"day": "2026-02-30"}, "invalid_day"),
            ("day", "29 February 2025", {"day": "2025-02-29"}, "invalid_day"),
            ("day", "month 13", {"day": "2026-13-01"}, "invalid_day"),
            ("day", "slashes", {"day": "2026/11/01"}, "invalid_day"),
            ("day", "short", {"day": "2026-1-5"}, "invalid_day"),
            ("day", "empty", {"day": ""}, "invalid_day"),
            ("day", "missing", {"day": None}, "invalid_day"),
            ("day", "number", {"day": 20261101}, "invalid_day"),
            ("hours", "0", {"hours": "0"}, "invalid_hours"),
            ("hours", "0.00", {"hours": "0.00"}, "invalid_hours"),
            ("hours", "13", {"hours": "13"}, "invalid_hours"),
            ("hours", "12.01", {"hours": "12.01"}, "invalid_hours"),
            ("hours", "abc", {"hours": "abc"}, "invalid_hours"),
            ("hours", "2.555", {"hours": "2.555"}, "invalid_hours"),
            ("hours", "negative", {"hours": "-1"}, "invalid_hours"),
            ("hours", "comma", {"hours": "2,5"}, "invalid_hours"),
            ("hours", "dot only", {"hours": "."}, "invalid_hours"),
            ("hours", "trailing dot", {"hours": "2."}, "invalid_hours"),
            ("hours", "empty", {"hours": ""}, "invalid_hours"),
            ("hours", "missing", {"hours": None}, "invalid_hours"),
            ("hours", "number 0", {"hours": 0}, "invalid_hours"),
            ("hours", "number 13", {"hours": 13}, "invalid_hours"),
            ("hours", "number -2", {"hours": -2}, "invalid_hours"),
            ("skill", "unknown", {"skill": "woodwork"}, "invalid_skill"),
            ("skill", "upper case", {"skill": "CARVING"}, "invalid_skill"),
            ("skill", "empty", {"skill": ""}, "invalid_skill"),
            ("skill", "missing", {"skill": None}, "invalid_skill"),
            ("notes", "1001 chars", {"notes": "记" * 1001}, "invalid_notes"),
            ("notes", "control", {"notes": "a\x01b"}, "invalid_notes"),
        ]
        for field, what, change, code in bad:
            with self.subTest(field=field, case=what):
                body = dict(good, **change)
                body = {k: v for k, v in body.items() if v is not None}
                r = a.post("/api/v1/training/log", body)
                self.assertJSONError(r, 400, code)
        self.assertEqual(self.entries(a), 0)
        self.assertEqual(m.training()["to_confirm"], [])
        # The edges that are fine.
        # Each on its own day: a day holds 12 hours at most.
        for i, (hours, minutes) in enumerate((
                ("12", 720), ("0.25", 15), ("3", 180), ("12.00", 720),
                (2.5, 150), (1, 60))):
            with self.subTest(hours=hours):
                r = log(a, day(-1 - i), hours)
                self.assertEqual(r.status, 201, r)
                got = self.server.sql(
                    "SELECT minutes FROM training_log WHERE id = ?1",
                    r.json()["id"])[0][0]
                self.assertEqual(int(got), minutes)
        # The first day is full (12 hours): a quarter hour more is refused.
        self.assertJSONError(log(a, day(-1), "0.25"), 409, "day_full")
        r = log(a, "2025-02-28", "1", "cad", "记" * 1000)
        self.assertEqual(r.status, 201, r)
        r = log(a, china_today(), "1", "qiaose", "第一行\n第二行\t缩进")
        self.assertEqual(r.status, 201, r)

    def test_hours_as_a_json_number_with_three_decimals(self):
        """2.555 hours is refused as text ("two decimals at most"); sent
        as a JSON number it must be refused too, not silently rounded
        (train.c prints the number with "%.2f" before parsing it), and
        12.004 hours is more than a day's 12 hours."""
        a, m = self.pair()
        self.assertJSONError(log(a, china_today(), "2.555"), 400,
                             "invalid_hours")
        self.assertJSONError(log(a, china_today(), "12.004"), 400,
                             "invalid_hours")
        for hours in (2.555, 12.004):
            with self.subTest(hours=hours):
                r = log(a, china_today(), hours)
                stored = self.server.sql(
                    "SELECT minutes FROM training_log WHERE apprentice = ?1 "
                    "ORDER BY id DESC LIMIT 1", a.id)
                self.assertEqual(r.status, 400, "%r; minutes stored: %s" % (
                    r, stored))
                self.assertJSONError(r, 400, "invalid_hours")
        self.assertEqual(self.entries(a), 0)

    def test_form_fields_the_validator_drops(self):
        """Notes or a comment that Kore's validator for the form refuses
        (v_lines: control characters, more than 16384 bytes) must be
        refused like the API refuses them (400, nothing written) — not
        dropped, with the entry saved without its notes or decided
        without its comment."""
        a, m = self.pair()
        eid = log(a, china_today(), "1").json()["id"]
        self.assertJSONError(m.post("/api/v1/training/log/%d/confirm" % eid,
                                    {"comment": "好\x01"}), 400,
                             "invalid_comment")
        with self.subTest(field="comment"):
            r = m.client.post_form("/training/log/%d/confirm" % eid,
                                   {"comment": "好\x01"}, csrf=m.csrf)
            self.assertEqual(r.status, 400, r)
            self.assertEqual(self.server.sql(
                "SELECT status FROM training_log WHERE id = ?1", eid),
                [["pending"]])
        before = self.entries(a)
        for what, notes in (("control character", "打坯\x01修光"),
                            ("6000 characters", "长" * 6000)):
            with self.subTest(notes=what):
                r = a.client.post_multipart(
                    "/training/log", [("day", china_today()), ("hours", "1"),
                                      ("skill", "carving"), ("notes", notes)],
                    csrf=a.csrf)
                self.assertEqual(r.status, 400, r)
        self.assertEqual(self.entries(a), before)

    def test_form_refuses_bad_entries(self):
        a, m = self.pair()
        good = [("day", china_today()), ("hours", "2.5"), ("skill", "design"),
                ("notes", "设计构思练习")]
        for name, value in (("day", day(1)), ("hours", "13"),
                            ("hours", "2.555"), ("skill", "woodwork"),
                            ("notes", "长" * 1001)):
            with self.subTest(field=name, value=value[:10]):
                fields = [(k, value if k == name else v) for k, v in good]
                r = a.client.post_multipart("/training/log", fields,
                                            csrf=a.csrf)
                self.assertEqual(r.status, 400, r)
                self.assertIn("<!doctype html>", r.text)
        self.assertEqual(self.entries(a), 0)
        page = a.get("/training")
        self.assertRegex(page.text, r'<form method="post" class="stack" '
                         r'enctype="multipart/form-data" '
                         r'action="/training/log">')
        self.assertIn('max="%s"' % china_today(), page.text)
        r = a.client.post_multipart("/training/log", good, page="/training")
        self.assertRedirect(r, "/training?done=logged")
        self.assertIn("已提交，等师傅确认。",
                      a.get("/training?done=logged").text)
        self.assertEqual(self.entries(a), 1)
        # The master confirms by form, with a comment.
        entry = m.training()["to_confirm"][0]
        self.assertEqual((entry["hours"], entry["skill"], entry["notes"]),
                         (2.5, "design", "设计构思练习"))
        mt = m.get("/training").text
        self.assertIn('action="/training/log/%d/confirm"' % entry["id"], mt)
        self.assertIn('action="/training/log/%d/reject"' % entry["id"], mt)
        r = m.client.post_form("/training/log/%d/confirm" % entry["id"],
                               {"comment": "构图不错"}, page="/training")
        self.assertRedirect(r, "/training?done=saved")
        mine = a.training()
        self.assertEqual((mine["log"][0]["status"], mine["log"][0]["comment"]),
                         ("confirmed", "构图不错"))
        self.assertEqual(mine["confirmed_hours"], 2.5)
        at = a.get("/training").text
        self.assertRegex(at, r'<dd id="total-hours">2\.50</dd>')
        self.assertNotIn('action="/training/log/%d/confirm"' % entry["id"],
                         m.get("/training").text)
        # Deciding again by form: the 409 page.
        r = m.client.post_form("/training/log/%d/reject" % entry["id"],
                               {"comment": "改主意"}, csrf=m.csrf)
        self.assertEqual(r.status, 409, r)

    def test_confirm_reject_and_totals(self):
        a, m = self.pair()
        other_a, other_m = self.pair("陈美玲", "陈师傅")
        today = china_today()
        plan = [  # (day, hours, skill, notes, decision)
            (day(-3), "2.5", "carving", "打坯", "confirm"),
            (day(-2), "1.25", "design", "画稿", "reject"),
            (day(-1), "3", "carving", "修光", "confirm"),
            (today, "0.5", "polishing", "抛光", None),
            (today, "4", "bangle", "", "confirm"),
        ]
        ids = []
        for d, h, s, n, _ in plan:
            r = log(a, d, h, s, n)
            self.assertEqual(r.status, 201, r)
            j = r.json()
            self.assertEqual(j["status"], "pending")
            ids.append(j["id"])
        # The master's queue: the five entries, oldest first.
        queue = m.training()["to_confirm"]
        self.assertEqual([e["id"] for e in queue], ids)
        self.assertEqual([(e["day"], e["hours"], e["skill"], e["notes"],
                           e["status"], e["name"]) for e in queue],
                         [(d, float(h), s, n, "pending", "林晓峰")
                          for d, h, s, n, _ in plan])
        self.assertEqual(other_m.training()["to_confirm"], [])
        # Nothing counts yet.
        self.assertEqual(a.training()["confirmed_hours"], 0)
        self.assertEqual(a.training()["hours_by_skill"], {})

        confirm = "/api/v1/training/log/%d/confirm"
        reject = "/api/v1/training/log/%d/reject"
        # Only the entry's master decides it.
        for path in (confirm, reject):
            with self.subTest(path=path):
                self.assertJSONError(other_m.post(path % ids[0],
                                                  {"comment": "我来"}),
                                     403, "not_your_apprentice")
                self.assertJSONError(a.post(path % ids[0]), 403, "forbidden")
                self.assertJSONError(other_a.post(path % ids[0]), 403,
                                     "forbidden")
                self.assertJSONError(self.staff.post(path % ids[0]), 403,
                                     "forbidden")
                self.assertJSONError(self.client().post_json(
                    path % ids[0], {}), 401, "login_required")
                self.assertJSONError(m.post(path % 999999), 404, "not_found")
                self.assertJSONError(m.post(path % ids[0],
                                            {"comment": "长" * 201}), 400,
                                     "invalid_comment")
        self.assertEqual(a.training()["log"][-1]["status"], "pending")

        r = m.post(confirm % ids[0], {"comment": "线条干净，继续练。"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"id": ids[0], "status": "confirmed"})
        r = m.post(reject % ids[1], {"comment": "这天没来工作室"})
        self.assertEqual(r.json(), {"id": ids[1], "status": "rejected"})
        self.assertEqual(m.post(confirm % ids[2]).status, 200)
        self.assertEqual(m.post(confirm % ids[4], {"comment": ""}).status,
                         200)
        # Twice, either way: refused, nothing changes.
        for path, i in ((confirm, 0), (reject, 0), (confirm, 1),
                        (reject, 1)):
            with self.subTest(again=path % ids[i]):
                self.assertJSONError(m.post(path % ids[i]), 409,
                                     "already_decided")
        mine = a.training()
        by_id = {e["id"]: e for e in mine["log"]}
        self.assertEqual([by_id[i]["status"] for i in ids],
                         ["confirmed", "rejected", "confirmed", "pending",
                          "confirmed"])
        self.assertEqual(by_id[ids[0]]["comment"], "线条干净，继续练。")
        self.assertEqual(by_id[ids[1]]["comment"], "这天没来工作室")
        self.assertEqual(by_id[ids[2]]["comment"], "")
        # Totals: confirmed only, per skill; rejected and pending do not
        # count.
        self.assertEqual(mine["hours_by_skill"], {"carving": 5.5,
                                                  "bangle": 4.0})
        self.assertEqual(mine["confirmed_hours"], 9.5)
        for who in (a, m, self.staff):
            with self.subTest(person=who.name):
                p = who.get("/api/v1/people/%d" % a.id)
                self.assertEqual(p.status, 200, p)
                self.assertEqual(p.json()["confirmed_hours"], 9.5)
        page = a.get("/training").text
        self.assertRegex(page, r'<dd id="total-hours">9\.50</dd>')
        # The queue keeps only the pending entry.
        self.assertEqual([e["id"] for e in m.training()["to_confirm"]],
                         [ids[3]])
        # The other pair is untouched.
        self.assertEqual(other_a.training()["confirmed_hours"], 0)

    def test_log_after_the_mentorship_ends(self):
        """Entries belong to the master they were logged with: after the
        mentorship ends the apprentice cannot log, and a new master
        cannot decide the old master's entries."""
        a, m = self.pair()
        r = log(a, china_today(), "2")
        first = r.json()["id"]
        mid = a.training()["mentorships"][0]["id"]
        self.assertEqual(a.post("/api/v1/mentorships/%d/end" % mid,
                                {"reason": "换师傅"}).status, 200)
        self.assertJSONError(log(a, china_today(), "1"), 409, "no_master")
        m2 = new_master(self.server, self.staff, "新师傅")
        take_on(a, m2)
        self.assertJSONError(m2.post("/api/v1/training/log/%d/confirm" %
                                     first), 403, "not_your_apprentice")
        r = log(a, china_today(), "1", "stone")
        self.assertEqual(r.status, 201, r)
        self.assertEqual([e["id"] for e in m2.training()["to_confirm"]],
                         [r.json()["id"]])
        self.assertEqual(m2.post("/api/v1/training/log/%d/confirm" %
                                 r.json()["id"]).status, 200)
        self.assertEqual(a.training()["hours_by_skill"], {"stone": 1.0})

    def test_every_skill(self):
        a, m = self.pair()
        for i, s in enumerate(SKILLS):
            r = log(a, day(-i), "1.5", s)
            self.assertEqual(r.status, 201, r)
            self.assertEqual(m.post("/api/v1/training/log/%d/confirm" %
                                    r.json()["id"]).status, 200)
        mine = a.training()
        self.assertEqual(mine["hours_by_skill"], {s: 1.5 for s in SKILLS})
        self.assertEqual(mine["confirmed_hours"], 12.0)
        # The page lists a total per skill, in the skills' words.
        totals = re.search(r'<dl class="facts" id="totals">(.*?)</dl>',
                           a.get("/training").text, re.S).group(1)
        self.assertEqual(totals.count("<dd>1.50</dd>"), len(SKILLS))
        self.assertIn('<dd id="total-hours">12.00</dd>', totals)


if __name__ == "__main__":
    unittest.main()
