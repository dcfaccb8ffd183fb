"""The inbox (消息), the entry stage's events and the inbox itself: a
promotion from a waitlist and a run's changed dates or capacity each put
one message in the right inboxes and nobody else's, worded in the
reader's current language; a rolled-back event leaves none; the unread
count in every page's navigation; marking read (one, all, never
another's); pages of INBOX_PAGE; and the choice of copies by email or
SMS (/me/notifications), refused when invalid and recorded on the
messages it applies to."""
import unittest

from comp_util import db_write
from entry_util import create_run, day
from harness import ENGINE, ServerTestCase, new_email, user
from inbox_util import inbox, last_id, messages, one, recipients
from training_util import login, new_apprentice

COUNT = 'id="inbox-count"'


class InboxEntryTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def new_run(self, capacity):
        return create_run(self.staff.client, "JB101", capacity=capacity)

    def enrol(self, who, run, status):
        r = who.post("/api/v1/runs/%d/enrol" % run["id"])
        self.assertIn(r.status, (200, 201), r)
        self.assertEqual(r.json()["status"], status, r.json())

    def withdraw(self, who, run):
        return who.post("/api/v1/runs/%d/withdraw" % run["id"])

    def update(self, run, **kw):
        body = {"starts": run["starts"], "ends": run["ends"],
                "capacity": run["capacity"]}
        body.update(kw)
        r = self.staff.post("/api/v1/runs/%d" % run["id"], body)
        self.assertEqual(r.status, 200, r)
        return body

    def nav_count(self, who):
        """The unread count the navigation of /me shows, or None."""
        page = who.client.get("/me").text
        self.assertIn('id="inbox-bell"', page)
        if COUNT not in page:
            return None
        return int(page.split(COUNT)[1].split(">")[1].split("<")[0])

    # -- events --------------------------------------------------------------

    def test_promotion_tells_the_one_promoted(self):
        first = new_apprentice(self.server, "先报名")
        waiting = new_apprentice(self.server, "候补一")
        second = new_apprentice(self.server, "候补二")
        run = self.new_run(1)
        self.enrol(first, run, "enrolled")
        self.enrol(waiting, run, "waitlisted")
        self.enrol(second, run, "waitlisted")
        mark = last_id(self.server)
        self.assertEqual(recipients(self.server, "promoted", mark), {})
        r = self.withdraw(first, run)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(recipients(self.server, "promoted", mark),
                         {waiting.id: 1})
        m, zh, en = one(self, waiting, "promoted")
        self.assertEqual(
            zh, "您已从「玉雕入门」的候补名单递补为正式学员（%s开课）。" %
            run["starts"])
        self.assertEqual(
            en, "You have moved up from the waitlist of “Jade carving for "
            "beginners” and now have a seat (starts %s)." % run["starts"])
        self.assertEqual((m["link"], m["read"], m["read_at"]),
                         ("/courses/JB101", False, None))
        self.assertEqual(m["copies"], {"email": False, "sms": False})
        self.assertEqual(messages(second), [])
        self.assertEqual(messages(first), [])
        self.assertEqual(messages(self.staff), [])

    def test_run_changes_tell_everyone_on_it(self):
        on = new_apprentice(self.server, "已报名")
        waiting = new_apprentice(self.server, "在候补")
        gone = new_apprentice(self.server, "已退出")
        run = self.new_run(1)
        self.enrol(on, run, "enrolled")
        self.enrol(waiting, run, "waitlisted")
        self.enrol(gone, run, "waitlisted")
        self.assertEqual(self.withdraw(gone, run).status, 200)
        mark = last_id(self.server)
        # New dates: everyone enrolled or waiting, once; not the one gone.
        self.update(run, starts=day(30), ends=day(90))
        self.assertEqual(recipients(self.server, "run_changed", mark),
                         {on.id: 1, waiting.id: 1})
        _, zh, en = one(self, waiting, "run_changed")
        self.assertEqual(zh, "「玉雕入门」的开课安排有变：%s – %s，名额1个。" %
                         (day(30), day(90)))
        self.assertEqual(en, "“Jade carving for beginners” has changed: "
                         "%s – %s, 1 seats." % (day(30), day(90)))
        self.assertEqual(messages(gone), [])
        # The same again changes nothing: nobody is told.
        mark = last_id(self.server)
        self.update(run, starts=day(30), ends=day(90))
        self.assertEqual(recipients(self.server, "run_changed", mark), {})
        # More seats: both told, and the one waiting moved up too.
        self.update(run, starts=day(30), ends=day(90), capacity=3)
        self.assertEqual(recipients(self.server, "run_changed", mark),
                         {on.id: 1, waiting.id: 1})
        self.assertEqual(recipients(self.server, "promoted", mark),
                         {waiting.id: 1})
        self.assertIn("名额3个", messages(on, "run_changed")[0]["text"])

    def test_a_rolled_back_event_leaves_no_message(self):
        """The message is written in the event's own transaction: when
        that fails after writing it (here the promotion's audit record,
        refused by a trigger put in behind the server's back), the
        message goes with it."""
        first = new_apprentice(self.server, "回滚甲")
        waiting = new_apprentice(self.server, "回滚乙")
        run = self.new_run(1)
        self.enrol(first, run, "enrolled")
        self.enrol(waiting, run, "waitlisted")
        if ENGINE == "sqlite":
            db_write(self.server, "CREATE TRIGGER test_refuse_promote "
                     "BEFORE INSERT ON audit WHEN NEW.action = "
                     "'enrolment.promote' BEGIN SELECT RAISE(ABORT, "
                     "'refused by the test'); END")
            drop = "DROP TRIGGER test_refuse_promote"
        else:
            db_write(self.server, "CREATE FUNCTION test_refuse() RETURNS "
                     "trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
                     "'refused by the test'; END $$")
            db_write(self.server, "CREATE TRIGGER test_refuse_promote "
                     "BEFORE INSERT ON audit FOR EACH ROW WHEN (NEW.action "
                     "= 'enrolment.promote') EXECUTE FUNCTION test_refuse()")
            drop = "DROP TRIGGER test_refuse_promote ON audit"
        try:
            r = self.withdraw(first, run)
            self.assertEqual(r.status, 500, r)
            self.assertEqual(messages(waiting), [])
            self.assertEqual(self.server.sql(
                "SELECT count(*) FROM inbox WHERE user = ?1", waiting.id),
                [["0"]])
        finally:
            db_write(self.server, drop)
        self.assertEqual(self.withdraw(first, run).status, 200)
        one(self, waiting, "promoted")

    # -- the inbox -----------------------------------------------------------

    def test_count_in_the_navigation_and_marking_read(self):
        p = new_apprentice(self.server, "看消息")
        other = new_apprentice(self.server, "别人")
        run = self.new_run(5)
        self.enrol(p, run, "enrolled")
        self.enrol(other, run, "enrolled")
        self.assertIsNone(self.nav_count(p))
        for cap in (6, 7, 8):
            self.update(run, capacity=cap)
        self.assertEqual(self.nav_count(p), 3)
        self.assertEqual(inbox(p)["unread"], 3)
        # The count is on every page, the home page too.
        self.assertIn(COUNT, p.client.get("/").text)
        mine = [m["id"] for m in messages(p)]
        theirs = [m["id"] for m in messages(other)]
        self.assertEqual(len(mine), 3)
        self.assertFalse(set(mine) & set(theirs))
        # Nobody marks another's message: 404, and it stays unread.
        r = other.post("/api/v1/inbox/read", {"id": mine[0]})
        self.assertJSONError(r, 404, "not_found", "没有找到这条消息。")
        self.assertEqual(inbox(p)["unread"], 3)
        # One, by the API.
        r = p.post("/api/v1/inbox/read", {"id": mine[0]})
        self.assertEqual((r.status, r.json()), (200, {"marked": 1,
                                                      "unread": 2}))
        r = p.post("/api/v1/inbox/read", {"id": mine[0]})
        self.assertEqual(r.json(), {"marked": 0, "unread": 2})
        m = [x for x in messages(p) if x["id"] == mine[0]][0]
        self.assertTrue(m["read"])
        self.assertIsInstance(m["read_at"], int)
        self.assertEqual(self.nav_count(p), 2)
        # Bad requests change nothing.
        for bad in ({}, {"id": "x"}, {"id": 0}, {"all": 2}, {"id": -1}):
            with self.subTest(body=bad):
                self.assertJSONError(p.post("/api/v1/inbox/read", bad),
                                     400, "invalid_read")
        self.assertEqual(inbox(p)["unread"], 2)
        # All, by the page's form; then no count in the navigation.
        page = p.client.get("/inbox").text
        self.assertIn('id="mark-all"', page)
        self.assertEqual(page.count('class="unread"'), 2)
        r = p.client.post_form("/inbox/read", {"all": "1"}, page="/inbox")
        self.assertRedirect(r, "/inbox")
        self.assertIsNone(self.nav_count(p))
        self.assertEqual(inbox(p)["unread"], 0)
        self.assertEqual(inbox(other)["unread"], 3)

    def test_language_is_the_readers_at_read_time(self):
        p = new_apprentice(self.server, "换语言")
        run = self.new_run(5)
        self.enrol(p, run, "enrolled")
        self.update(run, capacity=9)
        page = p.client.get("/inbox").text
        self.assertIn("「玉雕入门」的开课安排有变", page)
        # Switching the language switches the inbox (the cookie).
        r = p.client.get("/lang?to=en&next=/inbox")
        self.assertRedirect(r, "/inbox")
        page = p.client.get("/inbox").text
        self.assertIn("“Jade carving for beginners” has changed", page)
        self.assertNotIn("开课安排有变", page)
        self.assertIn(">Inbox<", page)
        p.client.get("/lang?to=zh&next=/inbox")

    def test_pages(self):
        p = new_apprentice(self.server, "很多消息")
        run = self.new_run(10)
        self.enrol(p, run, "enrolled")
        for cap in range(11, 34):            # 23 changes
            self.update(run, capacity=cap)
        first = inbox(p)
        self.assertEqual(len(first["messages"]), 20)
        self.assertEqual(first["unread"], 23)
        ids = [m["id"] for m in first["messages"]]
        self.assertEqual(ids, sorted(ids, reverse=True))
        self.assertEqual(first["next"], ids[-1])
        self.assertIn("名额33个", first["messages"][0]["text"])
        rest = inbox(p, before=first["next"])
        self.assertEqual(len(rest["messages"]), 3)
        self.assertIsNone(rest["next"])
        self.assertIn("名额11个", rest["messages"][-1]["text"])
        page = p.client.get("/inbox").text
        self.assertIn('href="/inbox?before=%d"' % ids[-1], page)
        page = p.client.get("/inbox?before=%d" % ids[-1]).text
        self.assertEqual(page.count('data-kind="run_changed"'), 3)
        self.assertNotIn('rel="next"', page)
        self.assertJSONError(p.client.get("/api/v1/inbox?before=0"), 400,
                             "invalid_before")

    def test_anonymous_has_no_inbox(self):
        c = self.client()
        self.assertJSONError(c.get("/api/v1/inbox"), 401, "login_required")
        self.assertRedirect(c.get("/inbox"), "/login")
        self.assertNotIn('id="inbox-bell"', c.get("/").text)

    # -- preferences ---------------------------------------------------------

    def test_preferences_saved_refused_and_applied(self):
        p = new_apprentice(self.server, "选短信")
        r = p.get("/api/v1/me/notifications")
        self.assertEqual(r.status, 200, r)
        j = r.json()
        self.assertEqual(j["reachable"], "sms")
        # login_guessed too, and the 11 kinds of jobs (issue 19)
        self.assertEqual(len(j["notifications"]), 28)
        self.assertEqual(set(j["notifications"].values()), {"none"})
        r = p.post("/api/v1/me/notifications", {"promoted": "sms",
                                                "cert_issued": "sms"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["notifications"]["promoted"], "sms")
        # Refused whole, nothing saved: a phone takes no email, a word
        # that is no choice, a kind that does not exist, nothing given.
        for body, message in (
                ({"promoted": "email", "results": "sms"},
                 "您的账号是手机号，无法接收邮件。"),
                ({"results": "sms", "promoted": "pigeon"}, None),
                ({"promoted": 1}, None), ({"results": "sms", "nope": "sms"},
                                          "没有这种消息。"),
                ({}, None)):
            with self.subTest(body=body):
                self.assertJSONError(p.post("/api/v1/me/notifications",
                                            body), 400, "invalid_choice",
                                     message)
        p.client.lang = "en"
        self.assertJSONError(
            p.post("/api/v1/me/notifications", {"promoted": "both"}), 400,
            "invalid_choice",
            "Your account is a phone number: it cannot receive email.")
        p.client.lang = None
        saved = p.get("/api/v1/me/notifications").json()["notifications"]
        self.assertEqual((saved["promoted"], saved["cert_issued"],
                          saved["results"]), ("sms", "sms", "none"))
        # An email account takes no SMS.
        c = self.client()
        r = c.register_api("邮箱用户", new_email("inbox"))
        self.assertEqual(r.status, 201, r)
        self.assertJSONError(c.post_json("/api/v1/me/notifications",
                                         {"promoted": "sms"}), 400,
                             "invalid_choice",
                             "您的账号是电子邮箱，无法接收短信。")
        r = c.post_json("/api/v1/me/notifications", {"promoted": "email"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["reachable"], "email")
        # The form offers what the account can receive, and saves.
        page = p.client.get("/me/notifications").text
        self.assertIn('<select name="promoted">', page)
        self.assertIn('<option value="sms" selected>', page)
        self.assertNotIn('value="email"', page)
        form = {k: "none" for k in saved}
        form["promoted"] = "sms"
        form["run_changed"] = "sms"
        # (multipart, as the form posts it: one field a kind is more
        # than the 19 Kore parses of a urlencoded body)
        self.assertIn('enctype="multipart/form-data"', page)
        r = p.client.post_multipart("/me/notifications", form)
        self.assertRedirect(r, "/me/notifications?saved=1")
        self.assertIn('id="saved"', p.client.get(
            "/me/notifications?saved=1").text)
        form["run_changed"] = "email"
        r = p.client.post_multipart("/me/notifications", form)
        self.assertEqual(r.status, 400, r)
        self.assertIn("您的账号是手机号，无法接收邮件。", r.text)
        self.assertEqual(self.server.sql(
            "SELECT kind, sms, email FROM notify_prefs WHERE user = ?1 AND "
            "(sms = 1 OR email = 1) ORDER BY kind", p.id),
            [["promoted", "1", "0"], ["run_changed", "1", "0"]])
        # Applied: the promotion's message records its SMS copy; a kind
        # not chosen records none.
        first = new_apprentice(self.server, "让位")
        run = self.new_run(1)
        self.enrol(first, run, "enrolled")
        self.enrol(p, run, "waitlisted")
        self.assertEqual(self.withdraw(first, run).status, 200)
        m, _, _ = one(self, p, "promoted")
        self.assertEqual(m["copies"], {"email": False, "sms": True})
        self.assertIn("已选择同时发送：sms", p.client.get("/inbox").text)
        self.assertEqual(self.server.sql(
            "SELECT sms, email FROM inbox WHERE id = ?1", m["id"]),
            [["1", "0"]])
        r = p.post("/api/v1/me/notifications", {"run_changed": "none"})
        self.assertEqual(r.status, 200, r)
        self.update(run, capacity=4)
        m, _, _ = one(self, p, "run_changed")
        self.assertEqual(m["copies"], {"email": False, "sms": False})


if __name__ == "__main__":
    unittest.main()
