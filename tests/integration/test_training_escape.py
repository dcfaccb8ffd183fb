"""What people write in the training stage — a request's message, log
notes, a master's comment, a stage move's reason, names — is shown as
text on every page, to both sides, never as markup."""
import unittest

from entry_util import china_today
from harness import ServerTestCase, user
from training_util import ask, login, new_apprentice, new_master

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
ESCAPED_SQ = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"


class TrainingEscapeTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def assertEscaped(self, page, raw, where):
        """raw is not in page as markup but is there as text."""
        self.assertNotIn("<script>", page, where)
        self.assertNotIn("<img", page, where)
        self.assertNotIn(raw, page, where)
        self.assertTrue(ESCAPED in page or ESCAPED_SQ in page or
                        "&lt;script&gt;" in page, where)

    def test_message_and_notes_are_escaped_on_both_sides(self):
        m = new_master(self.server, self.staff, "王师傅")
        a = new_apprentice(self.server, "林晓峰")
        message = "师傅好\n" + SCRIPT + "\n<img src=x onerror=alert(1)>"
        r = a.client.post_multipart("/masters/%d/ask" % m.id,
                                    [("message", message)],
                                    page="/masters/%d" % m.id)
        self.assertRedirect(r, "/training?done=requested")
        # While the request waits, both sides see the message as text.
        for who, person in (("apprentice", a), ("master", m)):
            with self.subTest(side=who):
                page = person.get("/training").text
                self.assertIn("师傅好", page)
                self.assertEscaped(page, SCRIPT, who)
                self.assertIn("&lt;img src=x onerror=alert(1)&gt;", page)
        mid = m.training()["mentorships"][0]["id"]
        self.assertEqual(m.training()["mentorships"][0]["message"], message)
        self.assertEqual(m.post("/api/v1/mentorships/%d/accept" %
                                mid).status, 200)

        notes = "今天练习<b>浮雕</b>\n" + SCRIPT
        r = a.client.post_multipart(
            "/training/log", [("day", china_today()), ("hours", "2"),
                              ("skill", "carving"), ("notes", notes)],
            page="/training")
        self.assertRedirect(r, "/training?done=logged")
        for who, person in (("apprentice", a), ("master", m)):
            with self.subTest(side=who, what="notes"):
                page = person.get("/training").text
                self.assertIn("今天练习&lt;b&gt;浮雕&lt;/b&gt;", page)
                self.assertEscaped(page, SCRIPT, who)
                self.assertNotIn("<b>浮雕", page)
        entry = m.training()["to_confirm"][0]
        self.assertEqual(entry["notes"], notes)
        comment = "<i>好</i>" + SCRIPT
        r = m.client.post_form("/training/log/%d/confirm" % entry["id"],
                               {"comment": comment}, page="/training")
        self.assertRedirect(r, "/training?done=saved")
        page = a.get("/training").text
        self.assertIn("&lt;i&gt;好&lt;/i&gt;", page)
        self.assertEscaped(page, SCRIPT, "comment")

    def test_names_and_reasons_are_escaped(self):
        m = new_master(self.server, self.staff, "<i>王</i>师傅")
        a = new_apprentice(self.server, "<script>林</script>")
        self.assertEqual(ask(a, m.id, "hi").status, 201)
        for who, path in (("master", "/training"), ("apprentice",
                                                    "/training")):
            page = (m if who == "master" else a).get(path).text
            self.assertNotIn("<script>林", page, who)
            self.assertNotIn("<i>王</i>", page, who)
        mp = m.get("/training").text
        self.assertIn("&lt;script&gt;林&lt;/script&gt;", mp)
        ap = a.get("/training").text
        self.assertIn("&lt;i&gt;王&lt;/i&gt;师傅", ap)
        for path in ("/masters", "/masters/%d" % m.id):
            page = self.client().get(path).text
            self.assertNotIn("<i>王</i>", page, path)
            self.assertIn("&lt;i&gt;王&lt;/i&gt;师傅", page, path)
        # The person page: the name and a stage move's reason.
        reason = "例外：" + SCRIPT
        r = self.staff.post("/api/v1/people/%d/stage" % a.id,
                            {"to": "training", "reason": reason})
        self.assertEqual(r.status, 200, r)
        for who in (self.staff, a):
            page = who.get("/people/%d" % a.id).text
            self.assertIn('<h1 id="person-name">&lt;script&gt;林'
                          '&lt;/script&gt;</h1>', page)
            self.assertEscaped(page, SCRIPT, "people page")


if __name__ == "__main__":
    unittest.main()
