"""拜师: an apprentice asks a master to take them on, the master's
answer, ending a mentorship and the master's recommendation — through
the JSON API and through the pages' own forms (the ask form is
multipart: its message is a textarea).

Every test makes its own masters (created by staff through
/api/v1/users) and apprentices (self-registered), so the tests of the
class do not depend on one another."""
import unittest

from harness import ServerTestCase, user
from training_util import (NEED_ENTRY_COURSE, NEED_MASTER, ask, login,
                           mentorship, new_apprentice, new_apprentices,
                           new_master, take_on)

MESSAGE = "师傅您好：\n我叫林晓峰，想跟您学翡翠浮雕。\n\n周末和晚上都有空，谢谢！"


class MentorshipTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def master(self, name="师傅"):
        return new_master(self.server, self.staff, name)

    def apprentice(self, name="学员"):
        return new_apprentice(self.server, name)

    def status_of(self, mid):
        return self.server.sql("SELECT status FROM mentorships WHERE id = ?1",
                               mid)[0][0]

    def count_mentorships(self, apprentice):
        return int(self.server.sql(
            "SELECT count(*) FROM mentorships WHERE apprentice = ?1",
            apprentice.id)[0][0])

    # -- asking and accepting -------------------------------------------------

    def test_ask_accept_withdraws_the_other_requests(self):
        m1, m2, m3 = (self.master("王师傅"), self.master("陈师傅"),
                      self.master("李师傅"))
        a = self.apprentice("林晓峰")
        r = ask(a, m1.id, MESSAGE)
        self.assertEqual(r.status, 201, r)
        first = r.json()
        self.assertEqual(first["status"], "requested")
        r2 = ask(a, m2.id, "也想请您指点。")
        self.assertEqual(r2.status, 201, r2)
        r3 = ask(a, m3.id)            # no message at all: allowed
        self.assertEqual(r3.status, 201, r3)
        mid, other, third = (first["mentorship"], r2.json()["mentorship"],
                             r3.json()["mentorship"])

        # The master sees the request, the message exactly as written.
        seen = mentorship(m1, mid)
        self.assertIsNotNone(seen, m1.training())
        self.assertEqual(seen["status"], "requested")
        self.assertEqual(seen["message"], MESSAGE)
        self.assertEqual(seen["apprentice"], {"id": a.id, "name": "林晓峰"})
        self.assertEqual(seen["master"], {"id": m1.id, "name": "王师傅"})
        self.assertFalse(seen["recommended"])
        self.assertEqual(m1.training()["to_confirm"], [])
        # ...and only the master asked sees it.
        self.assertIsNone(mentorship(m2, mid))

        r = m1.post("/api/v1/mentorships/%d/accept" % mid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"mentorship": mid, "status": "active"})

        mine = {m["id"]: m for m in a.training()["mentorships"]}
        self.assertEqual(mine[mid]["status"], "active")
        self.assertGreater(mine[mid]["started"], 0)
        self.assertEqual(mine[other]["status"], "withdrawn")
        self.assertEqual(mine[third]["status"], "withdrawn")
        self.assertEqual(self.status_of(other), "withdrawn")
        # A withdrawn request leaves the other masters' lists and cannot
        # be accepted any more.
        self.assertIsNone(mentorship(m2, other))
        self.assertJSONError(
            m2.post("/api/v1/mentorships/%d/accept" % other), 409,
            "already_decided")
        self.assertJSONError(
            m3.post("/api/v1/mentorships/%d/decline" % third), 409,
            "already_decided")
        self.assertEqual(self.status_of(other), "withdrawn")

        # With a master: asking anyone else is refused, asking the same
        # master again too; nothing is written.
        before = self.count_mentorships(a)
        self.assertJSONError(ask(a, m2.id, "再问一次"), 409, "has_master")
        self.assertJSONError(ask(a, self.master().id), 409, "has_master")
        self.assertJSONError(ask(a, m1.id), 409, "already_asked")
        self.assertEqual(self.count_mentorships(a), before)

        # The master's numbers and the apprentice's page.
        ms = {m["id"]: m for m in
              self.client().get("/api/v1/masters").json()["masters"]}
        self.assertEqual((ms[m1.id]["apprentices"], ms[m1.id]["limit"],
                          ms[m1.id]["apprentices_ever"]), (1, 8, 1))
        self.assertEqual(ms[m2.id]["apprentices"], 0)
        me = a.get("/me").text
        self.assertRegex(me, r'<a href="/masters/%d" id="my-master">王师傅</a>'
                         % m1.id)
        # The gate into training now only lacks the entry course.
        p = a.get("/api/v1/people/%d" % a.id).json()
        self.assertEqual([n["kind"] for n in p["next_stage_needs"]],
                         [NEED_ENTRY_COURSE])

    def test_asking_twice_without_an_answer(self):
        m = self.master()
        a = self.apprentice()
        self.assertEqual(ask(a, m.id).status, 201)
        self.assertJSONError(ask(a, m.id, "忘了写留言"), 409, "already_asked")
        self.assertEqual(self.count_mentorships(a), 1)
        # Once declined, asking again is a new request.
        mid = a.training()["mentorships"][0]["id"]
        r = m.post("/api/v1/mentorships/%d/decline" % mid)
        self.assertEqual(r.json(), {"mentorship": mid, "status": "declined"})
        self.assertEqual(a.training()["mentorships"][0]["status"],
                         "declined")
        self.assertEqual(ask(a, m.id, "再请您考虑").status, 201)

    def test_asking_someone_who_is_not_a_master(self):
        a, other = self.apprentice(), self.apprentice()
        for who, target in (("self", a.id), ("apprentice", other.id),
                            ("staff", self.staff.id), ("unknown", 999999),
                            ("zero", 0)):
            with self.subTest(target=who):
                self.assertJSONError(ask(a, target, "你好"), 404, "not_found")
                r = a.client.post_multipart(
                    "/masters/%d/ask" % target, [("message", "你好")],
                    csrf=a.csrf)
                self.assertEqual(r.status, 404, r)
        self.assertEqual(self.count_mentorships(a), 0)
        # Only apprentices ask: a master (even of another lineage) or
        # staff are refused by role, before anything is looked at.
        m1, m2 = self.master(), self.master()
        self.assertJSONError(ask(m1, m2.id, "收我为徒"), 403, "forbidden")
        self.assertJSONError(ask(m1, m1.id), 403, "forbidden")
        self.assertJSONError(ask(self.staff, m2.id), 403, "forbidden")
        anon = self.client()
        self.assertJSONError(anon.post_json("/api/v1/masters/%d/ask" % m2.id,
                                            {}), 401, "login_required")
        self.assertEqual(int(self.server.sql(
            "SELECT count(*) FROM mentorships WHERE master IN (?1, ?2)",
            m1.id, m2.id)[0][0]), 0)

    def test_message_limits(self):
        m = self.master()
        a = self.apprentice()
        for bad in ("长" * 501, "bell\x07", "nul\x01x", "bad\x7f"):
            with self.subTest(message=repr(bad)[:20]):
                r = a.post("/api/v1/masters/%d/ask" % m.id, {"message": bad})
                self.assertJSONError(r, 400, "invalid_message")
        self.assertEqual(self.count_mentorships(a), 0)
        a = self.apprentice()
        r = ask(a, m.id, "长" * 500)
        self.assertEqual(r.status, 201, r)

    def test_form_message_the_validator_drops(self):
        """A message that Kore's validator for the form refuses (v_lines:
        control characters, more than 16384 bytes) must be refused like
        the API refuses it (400, no request) — not dropped, with the
        request sent without its message."""
        m = self.master()
        for what, message in (("control character", "师傅好\x01"),
                              ("6000 characters", "长" * 6000)):
            with self.subTest(message=what):
                a = self.apprentice()
                r = a.client.post_multipart("/masters/%d/ask" % m.id,
                                            [("message", message)],
                                            csrf=a.csrf)
                self.assertEqual(r.status, 400, r)
                self.assertEqual(self.count_mentorships(a), 0)

    # -- answering ------------------------------------------------------------

    def test_only_the_master_asked_may_answer_once(self):
        m, other = self.master(), self.master()
        a = self.apprentice()
        mid = ask(a, m.id, MESSAGE).json()["mentorship"]
        for verb in ("accept", "decline"):
            path = "/api/v1/mentorships/%d/%s" % (mid, verb)
            with self.subTest(verb=verb):
                self.assertJSONError(other.post(path), 403, "forbidden")
                self.assertJSONError(a.post(path), 403, "forbidden")
                self.assertJSONError(self.staff.post(path), 403, "forbidden")
                self.assertJSONError(self.client().post_json(path, {}), 401,
                                     "login_required")
                r = other.client.post_form(path[7:], {}, csrf=other.csrf)
                self.assertEqual(r.status, 403, r)
        self.assertEqual(self.status_of(mid), "requested")
        self.assertJSONError(m.post("/api/v1/mentorships/999999/accept"), 404,
                             "not_found")
        r = m.post("/api/v1/mentorships/%d/accept" % mid)
        self.assertEqual(r.status, 200, r)
        self.assertJSONError(m.post("/api/v1/mentorships/%d/accept" % mid),
                             409, "already_decided")
        self.assertJSONError(m.post("/api/v1/mentorships/%d/decline" % mid),
                             409, "already_decided")
        self.assertEqual(self.status_of(mid), "active")

    def test_declined_stays_declined(self):
        m = self.master()
        a = self.apprentice()
        mid = ask(a, m.id).json()["mentorship"]
        self.assertEqual(m.post("/api/v1/mentorships/%d/decline" %
                                mid).status, 200)
        self.assertJSONError(m.post("/api/v1/mentorships/%d/accept" % mid),
                             409, "already_decided")
        self.assertJSONError(m.post("/api/v1/mentorships/%d/decline" % mid),
                             409, "already_decided")
        self.assertEqual(self.status_of(mid), "declined")
        # A declined request does not show on the master's list.
        self.assertIsNone(mentorship(m, mid))

    def test_master_full(self):
        """The default limit is 8 apprentices at once: the ninth
        acceptance is refused; asking is still allowed; a place freed by
        an ending is taken again."""
        m = self.master("满员师傅")
        people = new_apprentices(self.server, 10, prefix="满员")
        mids = []
        for p in people:
            r = ask(p, m.id, "请收下我")
            self.assertEqual(r.status, 201, r)
            mids.append(r.json()["mentorship"])
        for mid in mids[:8]:
            r = m.post("/api/v1/mentorships/%d/accept" % mid)
            self.assertEqual(r.status, 200, r)
        self.assertJSONError(m.post("/api/v1/mentorships/%d/accept" %
                                    mids[8]), 409, "master_full")
        self.assertEqual(self.status_of(mids[8]), "requested")
        info = self.client().get("/api/v1/masters/%d" % m.id).json()
        self.assertEqual((info["apprentices"], info["limit"]), (8, 8))
        # Declining still works when full.
        self.assertEqual(m.post("/api/v1/mentorships/%d/decline" %
                                mids[9]).status, 200)
        # The master's page shows the master as full: no ask form.
        late = self.apprentice("迟到的")
        page = late.get("/masters/%d" % m.id)
        self.assertEqual(page.status, 200)
        self.assertIn("这位师傅的徒弟名额已满。", page.text)
        self.assertNotIn('action="/masters/%d/ask"' % m.id, page.text)
        self.assertIn("名额已满", self.client().get("/masters").text)
        # One apprentice leaves: the waiting request can be accepted.
        r = people[0].post("/api/v1/mentorships/%d/end" % mids[0],
                           {"reason": "搬家去外地"})
        self.assertEqual(r.status, 200, r)
        r = m.post("/api/v1/mentorships/%d/accept" % mids[8])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(int(self.server.sql(
            "SELECT count(*) FROM mentorships WHERE master = ?1 AND "
            "status = 'active'", m.id)[0][0]), 8)

    def test_staff_set_the_limit(self):
        m, other = self.master("限额师傅"), self.master()
        path = "/api/v1/masters/%d/limit" % m.id
        for body in ({}, {"limit": 101}, {"limit": -1}, {"limit": "2"},
                     {"limit": 1.5}, {"limit": None}):
            with self.subTest(body=body):
                self.assertJSONError(self.staff.post(path, body), 400,
                                     "invalid_limit")
        for who in (m, other, self.apprentice()):
            self.assertJSONError(who.post(path, {"limit": 50}), 403,
                                 "forbidden")
        self.assertJSONError(self.staff.post(
            "/api/v1/masters/%d/limit" % self.staff.id, {"limit": 2}), 404,
            "not_found")
        r = self.staff.post(path, {"limit": 1})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"master": m.id, "limit": 1})
        info = self.client().get("/api/v1/masters/%d" % m.id).json()
        self.assertEqual(info["limit"], 1)
        a, b = self.apprentice(), self.apprentice()
        take_on(a, m)
        mid = ask(b, m.id).json()["mentorship"]
        self.assertJSONError(m.post("/api/v1/mentorships/%d/accept" % mid),
                             409, "master_full")
        # Lowered below the apprentices they have: nobody is sent away,
        # nobody new is taken on. Raised by the page's form: room again.
        self.assertEqual(self.staff.post(path, {"limit": 0}).status, 200)
        self.assertEqual(self.client().get("/api/v1/masters/%d" % m.id)
                         .json()["apprentices"], 1)
        self.assertJSONError(m.post("/api/v1/mentorships/%d/accept" % mid),
                             409, "master_full")
        r = self.staff.client.post_form("/masters/%d/limit" % m.id,
                                        {"limit": "2"},
                                        page="/masters/%d" % m.id)
        self.assertRedirect(r, "/masters/%d" % m.id)
        self.assertEqual(m.post("/api/v1/mentorships/%d/accept" %
                                mid).status, 200)
        self.assertNotIn('action="/masters/%d/limit"' % m.id,
                         m.get("/masters/%d" % m.id).text)

    # -- ending and recommending ----------------------------------------------

    def test_end_by_either_side_or_staff(self):
        m, other = self.master(), self.master()
        for who in ("apprentice", "master", "staff"):
            with self.subTest(by=who):
                a = self.apprentice()
                mid = take_on(a, m)
                path = "/api/v1/mentorships/%d/end" % mid
                by = {"apprentice": a, "master": m, "staff": self.staff}[who]
                # A reason is required: missing, empty, too long, not text.
                for body in ({}, {"reason": ""}, {"reason": "长" * 201},
                             {"reason": 5}, {"reason": "bell\x07"}):
                    self.assertJSONError(by.post(path, body), 400,
                                         "invalid_reason")
                # Outsiders may not end it.
                self.assertJSONError(other.post(path, {"reason": "我来结束"}),
                                     403, "forbidden")
                self.assertJSONError(self.apprentice().post(
                    path, {"reason": "我来结束"}), 403, "forbidden")
                self.assertEqual(self.status_of(mid), "active")
                reason = "出师 completed, ended by %s" % who
                r = by.post(path, {"reason": reason})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json(), {"mentorship": mid,
                                            "status": "ended"})
                seen = mentorship(a, mid)
                self.assertEqual((seen["status"], seen["end_reason"]),
                                 ("ended", reason))
                self.assertGreater(seen["ended"], 0)
                # Twice: refused.
                self.assertJSONError(by.post(path, {"reason": "再结束一次"}),
                                     409, "already_decided")
                # The apprentice has no master now and may ask again.
                p = self.staff.get("/api/v1/people/%d" % a.id).json()
                self.assertIn(NEED_MASTER,
                              [n["kind"] for n in p["next_stage_needs"]])
                self.assertEqual(ask(a, other.id).status, 201)
        # An ended mentorship stays in the lineage.
        lineage = self.client().get("/api/v1/masters/%d" % m.id).json()
        self.assertEqual(len([n for n in lineage["lineage"]
                              if n["generation"] == 1]), 3)
        self.assertJSONError(m.post("/api/v1/mentorships/999999/end",
                                    {"reason": "x"}), 404, "not_found")

    def test_ending_a_request_is_refused(self):
        m = self.master()
        a = self.apprentice()
        mid = ask(a, m.id).json()["mentorship"]
        self.assertJSONError(a.post("/api/v1/mentorships/%d/end" % mid,
                                    {"reason": "不想等了"}), 409,
                             "already_decided")
        self.assertEqual(self.status_of(mid), "requested")

    def test_recommend(self):
        m, other = self.master(), self.master()
        a = self.apprentice()
        pending = ask(self.apprentice(), m.id).json()["mentorship"]
        mid = take_on(a, m)
        path = "/api/v1/mentorships/%d/recommend" % mid
        self.assertJSONError(other.post(path), 403, "forbidden")
        self.assertJSONError(a.post(path), 403, "forbidden")
        self.assertJSONError(self.staff.post(path), 403, "forbidden")
        self.assertFalse(mentorship(a, mid)["recommended"])
        r = m.post(path)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"mentorship": mid,
                                    "status": "recommended"})
        self.assertTrue(mentorship(a, mid)["recommended"])
        self.assertTrue(mentorship(m, mid)["recommended"])
        # Only an active mentorship can be recommended.
        self.assertJSONError(m.post("/api/v1/mentorships/%d/recommend" %
                                    pending), 409, "already_decided")
        self.assertJSONError(m.post("/api/v1/mentorships/999999/recommend"),
                             404, "not_found")

    # -- the pages' forms -----------------------------------------------------

    def test_html_forms(self):
        m = self.master("王师傅")
        other = self.master("陈师傅")
        a = self.apprentice("林晓峰")
        page = a.get("/masters/%d" % m.id)
        self.assertEqual(page.status, 200)
        self.assertRegex(page.text, r'<form method="post" class="stack" '
                         r'enctype="multipart/form-data" action="/masters/%d/'
                         r'ask">' % m.id)
        r = a.client.post_multipart("/masters/%d/ask" % m.id,
                                    [("message", MESSAGE)],
                                    page="/masters/%d" % m.id)
        self.assertRedirect(r, "/training?done=requested")
        r = a.client.post_multipart("/masters/%d/ask" % other.id,
                                    [("message", "陈师傅好")],
                                    page="/masters/%d" % other.id)
        self.assertRedirect(r, "/training?done=requested")
        mid = [x for x in m.training()["mentorships"]
               if x["apprentice"]["id"] == a.id][0]["id"]
        self.assertEqual(mentorship(m, mid)["message"], MESSAGE)
        t = a.get("/training?done=requested").text
        self.assertIn("申请已发送，请等师傅回复。", t)
        self.assertIn('id="mentorship-%d"' % mid, t)
        # Asking again by form: the error page, with the 409.
        r = a.client.post_multipart("/masters/%d/ask" % m.id,
                                    [("message", "again")], csrf=a.csrf)
        self.assertEqual(r.status, 409, r)
        self.assertIn("<!doctype html>", r.text)
        # A form post without the CSRF field is refused.
        r = a.client.post_multipart("/masters/%d/ask" % other.id,
                                    [("message", "x")], csrf=None)
        self.assertEqual(r.status, 403, r)

        # The master answers from /training.
        mt = m.get("/training")
        self.assertEqual(mt.status, 200)
        self.assertIn('action="/mentorships/%d/accept"' % mid, mt.text)
        self.assertIn('action="/mentorships/%d/decline"' % mid, mt.text)
        self.assertIn("林晓峰", mt.text)
        r = m.client.post_form("/mentorships/%d/accept" % mid, {},
                               page="/training")
        self.assertRedirect(r, "/training?done=saved")
        self.assertEqual(self.status_of(mid), "active")
        mt = m.get("/training").text
        self.assertIn('action="/mentorships/%d/recommend"' % mid, mt)
        self.assertIn('action="/mentorships/%d/end"' % mid, mt)
        self.assertIn('href="/people/%d"' % a.id, mt)
        self.assertNotIn('action="/mentorships/%d/accept"' % mid, mt)
        r = m.client.post_form("/mentorships/%d/recommend" % mid, {},
                               page="/training")
        self.assertRedirect(r, "/training?done=saved")
        self.assertTrue(mentorship(a, mid)["recommended"])
        self.assertNotIn('action="/mentorships/%d/recommend"' % mid,
                         m.get("/training").text)
        # Accepting again by form: 409 page.
        r = m.client.post_form("/mentorships/%d/accept" % mid, {},
                               csrf=m.csrf)
        self.assertEqual(r.status, 409, r)

        # The apprentice: the other request was withdrawn; no ask form now.
        at = a.get("/training").text
        self.assertIn('action="/mentorships/%d/end"' % mid, at)
        self.assertNotIn('action="/masters/%d/ask"' % m.id,
                         a.get("/masters/%d" % m.id).text)
        # Ending by form needs the reason.
        r = a.client.post_form("/mentorships/%d/end" % mid, {"reason": ""},
                               page="/training")
        self.assertEqual(r.status, 400, r)
        r = a.client.post_form("/mentorships/%d/end" % mid,
                               {"reason": "家里有事，暂停学艺"},
                               page="/training")
        self.assertRedirect(r, "/training?done=saved")
        self.assertEqual(mentorship(a, mid)["end_reason"], "家里有事，暂停学艺")
        self.assertNotIn('action="/mentorships/%d/end"' % mid,
                         a.get("/training").text)
        # Without a master, the ask form is back.
        self.assertIn('action="/masters/%d/ask"' % other.id,
                      a.get("/masters/%d" % other.id).text)


if __name__ == "__main__":
    unittest.main()
