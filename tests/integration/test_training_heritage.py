"""非遗 the heritage record of a master's craft (src/training/heritage.c,
src/store/db_heritage.c): a draft is invisible to the public until staff
approve it, the published version stays public while a new draft waits,
staff refuse with a reason the master reads; only the master and staff
write; bad input is a 400 in the reader's language with the message
beside the field, and nothing half-written; CSRF. Also the per-field
error markup of the site's general forms (registration, login, the
certificate look-up): aria-invalid and aria-describedby naming the
message beside the field."""
import re
import unittest

from harness import ServerTestCase, user
from incub_util import jpeg

CSRF_HDR = "X-CSRF-Token"


def field_error(test, html, name):
    """The refused form marks field `name` and puts the message beside
    it: aria-invalid, aria-describedby="e-<name>", and the element with
    that id holds words. Returns the words."""
    ctl = re.search(r'<(?:input|textarea|select)\b[^>]*\bid="f-%s"[^>]*>'
                    % re.escape(name), html)
    test.assertIsNotNone(ctl, "no control f-%s" % name)
    test.assertIn('aria-invalid="true"', ctl.group(0))
    test.assertIn('aria-describedby="e-%s"' % name, ctl.group(0))
    msg = re.search(r'<span class="field-error" id="e-%s">([^<]+)</span>'
                    % re.escape(name), html)
    test.assertIsNotNone(msg, "no message e-%s" % name)
    test.assertEqual(html.count('aria-invalid="true"'), 1, "one bad field")
    return msg.group(1)


class HeritageTest(ServerTestCase):
    users = {
        "master": user("陈玉山", "master", track="carver"),
        "other": user("王师傅", "master", track="designer"),
        "staff": user("工作人员", "staff"),
        "appr": user("学员", "apprentice"),
    }

    @classmethod
    def prepare(cls):
        c = cls.server.client()
        j = c.login_api(cls.accounts["master"]).json()
        cls.master_id = j["user"]["id"]
        cls.master = (c, j["csrf"])
        c = cls.server.client()
        j = c.login_api(cls.accounts["other"]).json()
        cls.other = (c, j["csrf"])
        cls.other_photo = cls.photo_of(cls.other)
        cls.photo = cls.photo_of(cls.master)

    @classmethod
    def photo_of(cls, who):
        c, csrf = who
        r = c.post_json("/api/v1/works", {
            "title": "翡翠山子", "material": "jadeite", "technique": "圆雕",
            "size": "120 mm", "description": "山水。", "public": True},
            csrf=csrf)
        if r.status != 201:
            raise AssertionError("work: %r" % r)
        work = r.json()["work"]["id"]
        r = c.post_multipart("/api/v1/works/%d/photos" % work, [],
                             {"photo": ("p.jpg", jpeg(64, 48), "image/jpeg")},
                             csrf=None, headers={CSRF_HDR: csrf})
        if r.status not in (200, 201):
            raise AssertionError("upload: %r" % r)
        r = c.get("/api/v1/works/%d" % work)
        return r.json()["work"]["photos"][0]["id"]

    def path(self, tail=""):
        return "/masters/%d/heritage%s" % (self.master_id, tail)

    def api(self, tail=""):
        return "/api/v1/masters/%d/heritage%s" % (self.master_id, tail)

    def staff(self):
        return self.logged_in("staff", api=False)

    def public_text(self):
        return self.client().get(self.path())

    def save(self, texts):
        c, csrf = self.master
        return c.post_json(self.api(), texts, csrf=csrf)

    def test_1_publishing(self):
        """Draft invisible; approve publishes; a new draft leaves the
        published version public; a refusal's reason reaches the master."""
        r = self.public_text()
        self.assertEqual(r.status, 404)
        r = self.save({"techniques_zh": "镂空雕第一稿", "techniques_en":
                       "Openwork, first", "story_zh": "三代传承。",
                       "story_en": ""})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["state"], "draft")
        c, csrf = self.master
        r = c.post_form(self.path("/photos"), {
            "photo": str(self.photo), "caption_zh": "山子", "caption_en":
            "A mountain", "made": "2019-05-01"}, page=self.path("/edit"))
        self.assertEqual(r.status, 303, r)
        # The public sees nothing of the draft, page or API.
        r = self.public_text()
        self.assertEqual(r.status, 404)
        self.assertNotIn("镂空雕第一稿", r.text)
        self.assertJSONError(self.client().get(self.api()), 404,
                             "not_published")
        # Staff approve through the draft page's form.
        s = self.staff()
        q = s.get("/staff/heritage")
        self.assertIn(self.path("/edit"), q.text)
        r = s.post_form(self.path("/approve"), {}, page=self.path("/edit"))
        self.assertEqual(r.status, 303, r)
        r = self.public_text()
        self.assertEqual(r.status, 200, r)
        page = r.text
        self.assertIn("镂空雕第一稿", page)
        self.assertIn('src="/photos/%d/phone.jpg"' % self.photo, page)
        self.assertIn("<time>2019-05-01</time>", page)
        # English reader: the English text; the story, given only in
        # Chinese, is marked as Chinese.
        en = self.client(lang="en").get(self.path()).text
        self.assertIn("Openwork, first", en)
        self.assertRegex(en, r'id="heritage-story" lang="zh-CN">三代传承。')
        j = self.client().get(self.api()).json()["heritage"]
        self.assertEqual(j["techniques_zh"], "镂空雕第一稿")
        self.assertEqual([p["photo"] for p in j["photos"]], [self.photo])
        # The master page and its lineage link to it.
        self.assertIn('id="heritage-link"',
                      self.client().get("/masters/%d" %
                                        self.master_id).text)
        # A second draft: the published version stays as it was.
        r = self.save({"techniques_zh": "第二稿"})
        self.assertEqual(r.status, 200, r)
        page = self.public_text().text
        self.assertIn("镂空雕第一稿", page)
        self.assertNotIn("第二稿", page)
        # The draft kept the photo (copied from the published version).
        self.assertIn("/photos/%d/phone.jpg" % self.photo,
                      c.get(self.path("/edit")).text)
        # Refusal: an empty reason is refused beside its field ...
        r = s.post_multipart(self.path("/refuse"), [("reason", "")],
                             page=self.path("/edit"))
        self.assertEqual(r.status, 400, r)
        self.assertEqual(field_error(self, r.text, "reason"),
                         "请写明退回理由（1 至 500 字）。")
        # ... a real one is kept and shown to the master.
        r = s.post_multipart(self.path("/refuse"),
                             [("reason", "请补充英文说明。")],
                             page=self.path("/edit"))
        self.assertEqual(r.status, 303, r)
        mine = c.get(self.path("/edit")).text
        self.assertIn('data-state="refused"', mine)
        self.assertIn("请补充英文说明。", mine)
        self.assertIn("第二稿", mine)   # the next draft starts from it
        self.assertIn("镂空雕第一稿", self.public_text().text)
        # Nothing waits now: approving is 409.
        r = s.post_json(self.api("/approve"), {}, csrf=s.api_csrf())
        self.assertJSONError(r, 409, "no_draft")

    def test_2_who_may_write(self):
        """Another master and an apprentice are refused; nothing is
        written."""
        c, csrf = self.other
        r = c.post_json(self.api(), {"techniques_zh": "冒名"}, csrf=csrf)
        self.assertJSONError(r, 403, "forbidden")
        a = self.logged_in("appr")
        r = a.post_json(self.api(), {"techniques_zh": "冒名"},
                        csrf=a.api_csrf())
        self.assertEqual(r.status, 403, r)
        r = c.post_json(self.api("/approve"), {}, csrf=csrf)
        self.assertEqual(r.status, 403, r)
        self.assertNotIn("冒名", self.staff().get(self.path("/edit")).text)

    def test_3_bad_input(self):
        """Each bad field: 400 (zh default, en), its code, nothing
        written; on the page, the message beside the field."""
        c, csrf = self.master
        before = c.get(self.path("/edit")).text
        r = self.save({"techniques_zh": "长" * 2001})
        self.assertJSONError(r, 400, "invalid_text")
        r = self.save({"techniques_zh": "", "story_zh": "",
                       "techniques_en": "only English"})
        self.assertJSONError(r, 400, "empty")
        r = self.save({"techniques_zh": 5})
        self.assertJSONError(r, 400, "invalid_text")
        cases = [
            ({"photo": self.other_photo}, "not_yours"),
            ({"photo": 999999}, "not_yours"),
            ({"photo": "7"}, "invalid_photo"),
            ({"caption_zh": ""}, "invalid_caption"),
            ({"caption_en": "x" * 121}, "invalid_caption"),
            ({"made": "2019-13"}, "invalid_made"),
            ({"made": "19"}, "invalid_made"),
            ({"made": "2019-05-32"}, "invalid_made"),
        ]
        for change, code in cases:
            body = {"photo": self.photo, "caption_zh": "山子",
                    "caption_en": "", "made": "2019"}
            body.update(change)
            with self.subTest(change=change):
                r = c.post_json(self.api("/photos"), body, csrf=csrf)
                self.assertJSONError(r, 400, code)
        en = self.server.client(lang="en")
        en.login_api(self.accounts["master"])
        r = en.post_json(self.api("/photos"), {
            "photo": self.photo, "caption_zh": "山子", "made": "2019-1"},
            csrf=en.api_csrf())
        self.assertJSONError(r, 400, "invalid_made",
                             "Give the date as a year (2019), year-month "
                             "(2019-05) or year-month-day (2019-05-01).")
        # The form: the message beside the date, the values kept.
        r = c.post_form(self.path("/photos"), {
            "photo": str(self.photo), "caption_zh": "山子保留",
            "caption_en": "", "made": "明年"}, page=self.path("/edit"))
        self.assertEqual(r.status, 400, r)
        self.assertIn("请按年（2019）", field_error(self, r.text, "made"))
        self.assertIn('value="山子保留"', r.text)
        self.assertIn('<a href="#f-made">', r.text)
        r = c.post_multipart(self.path(), [("techniques_zh", ""),
                                           ("story_zh", "")],
                             page=self.path("/edit"))
        self.assertEqual(r.status, 400, r)
        field_error(self, r.text, "techniques_zh")
        self.assertEqual(c.get(self.path("/edit")).text, before)

    def test_4_photos_at_most_eight(self):
        """The ninth photo of a record is 409 photos_full."""
        c, csrf = self.master
        body = {"photo": self.photo, "caption_zh": "山子", "made": "2020"}
        n = len(re.findall(r'class="heritage-photo"',
                           c.get(self.path("/edit")).text))
        for _ in range(8 - n):
            r = c.post_json(self.api("/photos"), body, csrf=csrf)
            self.assertEqual(r.status, 200, r)
        r = c.post_json(self.api("/photos"), body, csrf=csrf)
        self.assertJSONError(r, 409, "photos_full")
        r = c.post_json(self.api("/photos/remove"), {"pos": 1}, csrf=csrf)
        self.assertEqual(r.status, 200, r)
        r = c.post_json(self.api("/photos/remove"), {"pos": 1}, csrf=csrf)
        self.assertJSONError(r, 404, "not_found")

    def test_5_csrf(self):
        """No token, or another session's, is 403 and writes nothing."""
        c, csrf = self.master
        for token in (None, self.other[1]):
            with self.subTest(token=token):
                r = c.post_json(self.api(), {"techniques_zh": "伪造"},
                                csrf=token)
                self.assertEqual(r.status, 403, r)
                r = c.post_form(self.path("/photos"), {
                    "photo": str(self.photo), "caption_zh": "伪造",
                    "made": "2019"}, csrf=token)
                self.assertEqual(r.status, 403, r)
        s = self.staff()
        r = s.post_form(self.path("/approve"), {}, csrf=None)
        self.assertEqual(r.status, 403, r)
        self.assertNotIn("伪造", c.get(self.path("/edit")).text)


class FieldErrorTest(ServerTestCase):
    """The general forms say what is wrong beside the field."""
    users = {"appr": user("学员", "apprentice")}

    def test_register_bad_name(self):
        c = self.client()
        r = c.post_form("/register", {"name": "", "account": "13800138000",
                                      "password": "password1",
                                      "track": "carver", "consent": "1"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(field_error(self, r.text, "name"),
                         "请填写姓名（1 至 40 个字，不含特殊控制字符）。")

    def test_register_bad_account_en(self):
        c = self.client(lang="en")
        r = c.post_form("/register", {"name": "Li", "account": "nope",
                                      "password": "password1",
                                      "track": "carver", "consent": "1"})
        self.assertEqual(r.status, 400, r)
        self.assertTrue(field_error(self, r.text, "account"))

    def test_login_wrong_password(self):
        c = self.client()
        r = c.post_form("/login", {"account": self.accounts["appr"],
                                   "password": "wrong-password"})
        self.assertEqual(r.status, 401, r)
        field_error(self, r.text, "password")

    def test_lookup_bad_serial(self):
        c = self.client()
        r = c.post_form("/verify", {"serial": "123", "name": "学员"})
        self.assertEqual(r.status, 400, r)
        field_error(self, r.text, "serial")
        r = c.post_form("/verify", {"serial": "", "name": "学员"})
        field_error(self, r.text, "serial")


if __name__ == "__main__":
    unittest.main()
