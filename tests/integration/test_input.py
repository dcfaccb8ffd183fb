"""Hostile and broken input: names that are HTML, missing and mistyped
fields, bodies that are not JSON objects, oversized bodies and headers,
control characters, truncated bodies. Every one gets a 4xx (or, where
Kore itself gives up on the connection, no answer), nothing is written,
and the server keeps answering; error messages follow the request's
language."""
import html
import json
import unittest

from harness import (PASSWORD, ServerTestCase, new_phone, raw_exchange,
                     staff_user_count, user)

XSS_NAMES = ["<script>alert(1)</script>",
             "\"'><img src=x onerror=alert(1)>"]


def escaped(s):
    """The server's escaping: & < > " ' all replaced."""
    return html.escape(s, quote=True).replace("&#x27;", "&#39;")


class EscapingTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    def test_names_are_escaped_everywhere(self):
        staff = self.logged_in("staff")
        for name in XSS_NAMES:
            with self.subTest(name=name):
                self.assertIn("<", name)
                esc = escaped(name)
                acc = new_phone()
                c = self.client()
                r = c.register_api(name, acc)
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json()["user"]["name"], name)  # JSON: raw
                me = c.get("/me")
                self.assertEqual(me.status, 200)
                self.assertIn('<h1 id="me-name">%s</h1>' % esc, me.text)
                self.assertNotIn(name, me.text)
                self.assertNotIn("<img", me.text)
                self.assertNotIn("<script", me.text)
                # The same through the form login's /me.
                f = self.client(lang="en")
                self.assertRedirect(f.login_form(acc), "/me")
                self.assertIn(esc, f.get("/me").text)
                self.assertNotIn(name, f.get("/me").text)
                # The staff desk lists the newest people.
                page = staff.get("/staff/users")
                self.assertIn("<td>%s</td>" % esc, page.text)
                self.assertNotIn(name, page.text)
                self.assertNotIn("<img", page.text)
                self.assertNotIn("<script", page.text)

    def test_staff_created_name_escaped(self):
        staff = self.logged_in("staff")
        name = XSS_NAMES[1]
        r = staff.post_form("/staff/users", {
            "name": name, "account": new_phone(), "password": PASSWORD,
            "role": "master", "track": "carver"})
        self.assertEqual(r.status, 303, r)
        page = staff.get(r.location)
        self.assertIn(escaped(name), page.text)
        self.assertNotIn(name, page.text)

    def test_form_rerender_echoes_escaped_values(self):
        for name in XSS_NAMES:
            with self.subTest(name=name):
                c = self.client()
                bad_account = "<b>not-an-account</b>"
                r = c.post_form("/register", {
                    "name": name, "account": bad_account,
                    "password": PASSWORD, "track": "designer"})
                self.assertEqual(r.status, 400, r)
                self.assertIn('value="%s"' % escaped(name), r.text)
                self.assertIn('value="%s"' % escaped(bad_account), r.text)
                self.assertNotIn(name, r.text)
                self.assertNotIn(bad_account, r.text)
                self.assertIn("请填写正确的手机号", r.text)
                # The track choice survives the round trip.
                self.assertIn('value="designer" checked', r.text)
        # A bad password with a good account: the account is echoed back,
        # never the password.
        c = self.client(lang="en")
        acc = new_phone()
        r = c.post_form("/register", {"name": XSS_NAMES[0], "account": acc,
                                      "password": "short",
                                      "track": "carver"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("The password must have 8 to 128 characters.", r.text)
        self.assertIn('value="%s"' % acc, r.text)
        self.assertNotIn('value="short"', r.text)
        # The login form echoes the account escaped too (not a failure:
        # the password is missing).
        r = c.post_form("/login", {"account": XSS_NAMES[1]})
        self.assertEqual(r.status, 400, r)
        self.assertIn('value="%s"' % escaped(XSS_NAMES[1]), r.text)
        self.assertNotIn(XSS_NAMES[1], r.text)

    def test_lang_switch_link_is_url_encoded(self):
        r = self.client().get('/me"><script>x</script>')
        self.assertEqual(r.status, 404)      # not routed: Kore's 404
        page = self.client().get("/login?x=%22%3E%3Cscript%3E")
        self.assertEqual(page.status, 200)
        self.assertNotIn("<script", page.text)


class BadInputTest(ServerTestCase):
    users = {"staff": user("站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = cls.server.client()
        r = cls.staff.login_api(cls.accounts["staff"])
        if r.status != 200:
            raise AssertionError("staff login: %r" % r)

    def setUp(self):
        self.before = staff_user_count(self.staff)

    def tearDown(self):
        # Nothing any of these requests sent was written, and the server
        # still answers.
        self.assertHealthy()
        self.assertEqual(staff_user_count(self.staff), self.before)

    def register(self, obj=None, raw=None, lang=None,
                 content_type="application/json"):
        c = self.client(lang=lang)
        return c.post_json("/api/v1/register", obj, raw=raw,
                           content_type=content_type)

    def good(self, **over):
        d = {"name": "测试", "account": new_phone(), "password": PASSWORD,
             "track": "carver", "consent": 1}
        d.update(over)
        return {k: v for k, v in d.items() if v is not Ellipsis}

    def test_missing_fields(self):
        for field, code in (("name", "invalid_name"),
                            ("account", "invalid_account"),
                            ("password", "invalid_password"),
                            ("track", "invalid_track")):
            with self.subTest(missing=field):
                self.assertJSONError(self.register(self.good(**{
                    field: ...})), 400, code)
        self.assertJSONError(self.register({}), 400, "invalid_name")
        r = self.client().post_form("/register", {})
        self.assertEqual(r.status, 400, r)
        self.assertIn("请填写姓名", r.text)
        r = self.staff.post_json("/api/v1/users", {
            "name": "x", "account": new_phone(), "password": PASSWORD})
        self.assertJSONError(r, 400, "invalid_role")
        r = self.staff.post_json("/api/v1/users", {
            "name": "x", "account": new_phone(), "password": PASSWORD,
            "role": "master"})
        self.assertJSONError(r, 400, "invalid_track")

    def test_invalid_values(self):
        cases = [
            (dict(name=" " * 5), "invalid_name"),
            (dict(name="名" * 41), "invalid_name"),
            (dict(account="12345"), "invalid_account"),
            (dict(account="not an email"), "invalid_account"),
            (dict(account="a@b"), "invalid_account"),
            (dict(password="seven77"), "invalid_password"),
            (dict(password="p" * 129), "invalid_password"),
            (dict(track="painter"), "invalid_track"),
        ]
        for over, code in cases:
            with self.subTest(**over):
                self.assertJSONError(self.register(self.good(**over)), 400,
                                     code)

    def test_wrong_json_types(self):
        cases = [
            (self.good(name=12345), "invalid_name"),
            (self.good(name=None), "invalid_name"),
            (self.good(name=["a"]), "invalid_name"),
            (self.good(account=13800138000), "invalid_account"),
            (self.good(password=12345678), "invalid_password"),
            (self.good(password=True), "invalid_password"),
            (self.good(track={"x": 1}), "invalid_track"),
        ]
        for obj, code in cases:
            with self.subTest(obj=obj):
                self.assertJSONError(self.register(obj), 400, code)
        self.assertJSONError(self.client().post_json("/api/v1/login", {
            "account": 13800138000, "password": PASSWORD}),
            400, "bad_request")

    def test_bodies_that_are_not_json_objects(self):
        good = json.dumps(self.good()).encode()
        dup = b'{"name":"a","name":"b","account":"%s","password":"%s",' \
            b'"track":"carver"}' % (new_phone().encode(), PASSWORD.encode())
        for label, raw in (("array", b"[1, 2]"),
                           ("array of object", b"[" + good + b"]"),
                           ("string", b'"hello"'), ("number", b"42"),
                           ("null", b"null"), ("empty", b""),
                           ("invalid", b"{name: 'x'}"),
                           ("truncated", good[:-5]),
                           ("trailing garbage", good + b"xyz"),
                           ("duplicate keys", dup),
                           ("not utf-8", b'{"name":"\xff\xfe"}')):
            with self.subTest(label):
                self.assertJSONError(self.register(raw=raw), 400, "bad_json")

    def test_non_json_content_type_is_415(self):
        body = json.dumps(self.good()).encode()
        for ct in ("application/x-www-form-urlencoded", "text/plain",
                   "multipart/form-data; boundary=x", None):
            with self.subTest(content_type=ct):
                r = self.register(raw=body, content_type=ct)
                self.assertJSONError(r, 415, "unsupported_media_type")
        r = self.staff.post_json("/api/v1/users", None, raw=json.dumps({
            "name": "x", "account": new_phone(), "password": PASSWORD,
            "role": "master", "track": "carver"}).encode(),
            content_type="text/plain")
        self.assertJSONError(r, 415, "unsupported_media_type")
        # application/json with parameters is JSON.
        r = self.register(self.good(name=None),
                          content_type="application/json; charset=utf-8")
        self.assertJSONError(r, 400, "invalid_name")

    def test_control_characters(self):
        for ch in ("\x01", "\x1b", "\x7f", "\u0085", "\n", "\t"):
            with self.subTest(ch=repr(ch)):
                r = self.register(self.good(name="a%sb" % ch))
                self.assertJSONError(r, 400, "invalid_name")
        # jansson refuses \u0000 in strings outright.
        r = self.register(self.good(name="a\x00b"))
        self.assertJSONError(r, 400, "bad_json")
        # Forms: the validator drops the field, the handler says which.
        c = self.client()
        r = c.post_form("/register", {"name": "a\x01b",
                                      "account": new_phone(),
                                      "password": PASSWORD,
                                      "track": "carver"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("请填写姓名", r.text)
        self.assertNotIn("\x01", r.text)
        r = c.post_form("/register", {"name": "好", "account": new_phone(),
                                      "password": "pass\x00word123",
                                      "track": "carver"})
        self.assertEqual(r.status, 400, r)
        # Invalid UTF-8 in a form field.
        token = c.get("/register").form_csrf("/register")
        r = c.request("POST", "/register", body=b"csrf=" + token.encode() +
                      b"&name=%FF%FE&account=" + new_phone().encode() +
                      b"&password=" + PASSWORD.replace(" ", "+").encode() +
                      b"&track=carver", headers={
                          "Content-Type":
                          "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400, r)

    def test_names_that_spoof_are_refused(self):
        """Issue 15 item 7: a bidi override (U+202E) or another format
        character in a name is refused with 400 in the caller's language,
        by the API and the form, and no account is made; the same name
        without it registers."""
        staff = self.staff
        before = self.before
        name_zh = "请填写姓名（1 至 40 个字，不含特殊控制字符）。"
        name_en = ("Please give a name (1 to 40 characters, without "
                   "control or invisible formatting characters).")
        for ch in ("\u202e", "\u202d", "\u2066", "\u2067", "\u200b",
                   "\u200f", "\u061c", "\ufeff", "\u00ad", "\u2060"):
            with self.subTest(ch="U+%04X" % ord(ch)):
                acc = new_phone()
                r = self.register(self.good(name="冠军%sexe.txt" % ch,
                                            account=acc))
                self.assertJSONError(r, 400, "invalid_name", name_zh)
                r = self.register(self.good(name="冠军%sexe.txt" % ch,
                                            account=acc), lang="en")
                self.assertJSONError(r, 400, "invalid_name", name_en)
                self.assertNotIn(acc, staff.get("/staff/users").text)
        for lang, msg in ((None, name_zh), ("en", name_en)):
            c = self.client(lang=lang)
            acc = new_phone()
            r = c.post_form("/register", {"name": "王\u202e五",
                                          "account": acc,
                                          "password": PASSWORD,
                                          "track": "carver", "consent": 1})
            self.assertEqual(r.status, 400, r)
            self.assertIn(msg, r.text)
            self.assertNotIn(acc, staff.get("/staff/users").text)
        self.assertEqual(staff_user_count(staff), before)
        r = self.register(self.good(name="冠军exe.txt"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(staff_user_count(staff), before + 1)
        self.before += 1        # that one, for tearDown's count

    def test_two_megabyte_body_is_413(self):
        big = b'{"name":"' + b"a" * (2 * 1024 * 1024) + b'"}'
        head = ("POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\n"
                "Content-Length: %d\r\n\r\n" % len(big)).encode()
        status, _ = raw_exchange(self.server.port, head + big)
        self.assertEqual(status, 413)
        # ... and through the form route too.
        head = ("POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\n\r\n" % len(big)).encode()
        status, _ = raw_exchange(self.server.port, head + big)
        self.assertEqual(status, 413)
        # Just under the limit is read and refused by the handler.
        body = b'{"name":"' + b"a" * (1024 * 1024 - 100) + b'"}'
        self.assertJSONError(self.register(raw=body), 400, "invalid_name")

    def test_header_block_too_large(self):
        # Kore reads at most http_header_max (4 KiB) of headers and drops a
        # connection whose header block does not fit: a 4xx or no answer,
        # never a 2xx, never a crash.
        req = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "X-Filler: %s\r\n\r\n" % ("a" * 16000)).encode()
        status, data = raw_exchange(self.server.port, req)
        self.assertTrue(status is None or 400 <= status < 500,
                        "got %r" % data[:200])
        many = "".join("X-H%d: %s\r\n" % (i, "v" * 40) for i in range(200))
        req = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
               % many).encode()
        status, data = raw_exchange(self.server.port, req)
        self.assertTrue(status is None or 400 <= status < 500,
                        "got %r" % data[:200])
        # A cookie header that is large but fits is fine.
        r = self.client().get("/api/v1/csrf",
                              headers={"Cookie": "x=" + "b" * 3000})
        self.assertEqual(r.status, 200, r)

    def test_malformed_requests(self):
        for raw, ok in (
                (b"GARBAGE\r\n\r\n", ()),
                (b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", (505,)),
                (b"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", ()),
                (b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\n\r\n", ()),
                (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                 ())):
            with self.subTest(raw=raw[:40]):
                status, data = raw_exchange(self.server.port, raw)
                self.assertTrue(status is None or 400 <= status < 500 or
                                status in ok, "got %r" % data[:200])

    def test_truncated_body(self):
        c = self.client()
        token = c.api_csrf()
        acc = new_phone()
        body = json.dumps(self.good(account=acc)).encode()
        head = ("POST /api/v1/register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/json\r\nX-CSRF-Token: %s\r\n"
                "Cookie: yj_csrf=%s\r\nContent-Length: %d\r\n\r\n"
                % (token, token, len(body) + 500)).encode()
        status, data = raw_exchange(self.server.port, head + body,
                                    half_close=True)
        self.assertTrue(status is None or 400 <= status < 500,
                        "got %r" % data[:300])
        # The same for a form, then close without half-closing first.
        status, data = raw_exchange(
            self.server.port,
            b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: "
            b"application/x-www-form-urlencoded\r\nContent-Length: 900\r\n"
            b"\r\naccount=1", timeout=1)
        self.assertTrue(status is None or 400 <= status < 500,
                        "got %r" % data[:300])
        # The whole body, properly sent, registers: so the truncated one
        # was refused, not lost in a race.
        r = c.post_json("/api/v1/register", None, raw=body, csrf=token)
        self.assertEqual(r.status, 201, r)
        self.before += 1

    def test_messages_follow_the_language(self):
        obj = self.good(password="short")
        zh = self.assertJSONError(self.register(obj), 400,
                                  "invalid_password")
        self.assertEqual(zh["message"], "密码需要 8 至 128 个字符。")
        en = self.assertJSONError(self.register(obj, lang="en"), 400,
                                  "invalid_password")
        self.assertEqual(en["message"],
                         "The password must have 8 to 128 characters.")
        en = self.assertJSONError(self.register(raw=b"[]", lang="en-GB"),
                                  400, "bad_json")
        self.assertEqual(en["message"],
                         "The request body is not a valid JSON object.")
        zh = self.assertJSONError(self.register(raw=b"[]", lang="zh-CN"),
                                  400, "bad_json")
        self.assertEqual(zh["message"], "请求内容不是有效的 JSON 对象。")
        self.assertJSONError(self.client(lang="en").me(), 401,
                             "login_required", "Please log in first.")
        self.assertJSONError(self.client().me(), 401, "login_required",
                             "请先登录。")
        r = self.client(lang="en").post_json("/api/v1/register", {},
                                             csrf=None)
        self.assertJSONError(r, 403, "csrf", "This form has expired; "
                             "reload the page and submit again.")
        # The yj_lang cookie wins over Accept-Language for the API too.
        c = self.client(lang="zh-CN")
        c.cookies["yj_lang"] = "en"
        self.assertJSONError(c.me(), 401, "login_required",
                             "Please log in first.")
        # HTML errors too.
        r = self.client(lang="en").post_form("/register", {})
        self.assertIn("Please give a name", r.text)
        self.assertIn('<html lang="en"', r.text)


if __name__ == "__main__":
    unittest.main()
