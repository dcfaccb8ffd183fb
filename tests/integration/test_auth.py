"""Register, log in, "me", log out — as forms and as JSON; wrong logins;
staff creating accounts; language; security headers; the health probe."""
import re
import time
import unittest
from urllib.parse import quote

from harness import (PASSWORD, ServerTestCase, new_email, new_phone,
                     staff_user_count, user)

USER_FIELDS = {"id", "name", "account", "role", "track", "stage", "created",
               "verified"}
LOGIN_FAILED_ZH = "账号或密码不正确。"
LOGIN_FAILED_EN = "The login or password is not correct."
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class AuthFlowTest(ServerTestCase):
    users = {
        "staff": user("站长", "staff"),
        "apprentice": user("学员甲", "apprentice"),
        "victim": user("乙", "apprentice"),
    }

    def check_user(self, u, name, account, role="apprentice",
                   track="carver"):
        self.assertEqual(set(u), USER_FIELDS, u)
        self.assertIsInstance(u["id"], int)
        self.assertGreater(u["id"], 0)
        self.assertEqual(u["name"], name)
        self.assertEqual(u["account"], account)
        self.assertEqual(u["role"], role)
        self.assertEqual(u["track"], track)
        self.assertEqual(u["stage"], "entry")
        self.assertIsInstance(u["created"], int)
        self.assertLess(abs(u["created"] - time.time()), 300)

    def session_cookie(self, r):
        raw = r.set_cookie("yj_session")
        self.assertIsNotNone(raw, r.headers)
        value = raw.split(";")[0].split("=", 1)[1]
        self.assertRegex(value, HEX64)
        return value

    # -- forms -------------------------------------------------------------

    def test_html_register_login_me_logout(self):
        c = self.client()
        phone = new_phone()
        page = c.get("/register")
        self.assertEqual(page.status, 200)
        self.assertIn('<form method="post" action="/register"', page.text)
        token = page.form_csrf("/register")
        self.assertRegex(token, HEX64)
        self.assertEqual(token, c.cookies.get("yj_csrf"),
                         "the form's token is the double-submit cookie")

        r = c.post_form("/register", {"name": "王小玉", "account": phone,
                                      "password": PASSWORD,
                                      "track": "designer", "consent": 1})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.location, "/me")
        first = self.session_cookie(r)

        me = c.get("/me")
        self.assertEqual(me.status, 200)
        self.assertIn('<h1 id="me-name">王小玉</h1>', me.text)
        self.assertIn('<dd id="me-account">%s</dd>' % phone, me.text)
        self.assertIn('id="me-track">设计师', me.text)
        self.assertIn('action="/logout"', me.text)

        r = c.post_form("/logout", {})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.location, "/")
        self.assertIn("Max-Age=0", r.set_cookie("yj_session"))
        self.assertNotIn("yj_session", c.cookies)
        self.assertRedirect(c.get("/me"), "/login")

        # The old cookie is dead on the server, not only in this jar.
        old = self.client()
        old.cookies["yj_session"] = first
        self.assertRedirect(old.get("/me"), "/login")
        self.assertJSONError(old.get("/api/v1/me"), 401, "login_required")

        r = c.login_form(phone)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.location, "/me")
        second = self.session_cookie(r)
        self.assertNotEqual(first, second)
        me = c.get("/me")
        self.assertEqual(me.status, 200)
        self.assertIn("王小玉", me.text)
        j = c.me().json()["user"]
        self.check_user(j, "王小玉", phone, track="designer")

    def test_html_login_normalises_phone(self):
        phone = new_phone()
        c = self.client()
        r = c.register_api("林", "+86 %s-%s-%s" % (phone[:3], phone[3:7],
                                                   phone[7:]))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["user"]["account"], phone)
        d = self.client()
        r = d.login_form(phone)
        self.assertRedirect(r, "/me")
        # A second registration of the same number, written differently.
        e = self.client()
        r = e.register_api("林二", "86" + phone)
        self.assertJSONError(r, 409, "account_taken")

    # -- JSON --------------------------------------------------------------

    def test_api_register_login_me_logout(self):
        c = self.client()
        email = new_email("api")
        r = c.get("/api/v1/csrf")
        self.assertEqual(r.status, 200)
        anon = r.json()["csrf"]
        self.assertRegex(anon, HEX64)
        self.assertEqual(c.cookies.get("yj_csrf"), anon)

        r = c.post_json("/api/v1/register", {
            "name": "Jade Smith", "account": email.upper(),
            "password": PASSWORD, "track": "carver", "consent": 1},
            csrf=anon)
        self.assertEqual(r.status, 201, r)
        body = r.json()
        self.assertEqual(set(body), {"user", "csrf"})
        self.check_user(body["user"], "Jade Smith", email)
        self.assertRegex(body["csrf"], HEX64)
        self.assertNotEqual(body["csrf"], anon)
        first = self.session_cookie(r)
        uid = body["user"]["id"]

        r = c.me()
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"user": body["user"],
                                    "csrf": body["csrf"]})
        self.assertEqual(c.get("/api/v1/csrf").json()["csrf"], body["csrf"])

        r = c.post_json("/api/v1/logout", {}, csrf=body["csrf"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"ok": True})
        self.assertIn("Max-Age=0", r.set_cookie("yj_session"))
        self.assertJSONError(c.me(), 401, "login_required")

        old = self.client()
        old.cookies["yj_session"] = first
        self.assertJSONError(old.me(), 401, "login_required")
        # ... and a logout with the dead session's token does nothing.
        r = old.post_json("/api/v1/logout", {}, csrf=body["csrf"])
        self.assertJSONError(r, 401, "login_required")

        r = c.login_api(email)
        self.assertEqual(r.status, 200, r)
        body2 = r.json()
        self.assertEqual(set(body2), {"user", "csrf"})
        self.check_user(body2["user"], "Jade Smith", email)
        self.assertEqual(body2["user"]["id"], uid)
        self.assertNotEqual(body2["csrf"], body["csrf"])
        self.assertNotEqual(self.session_cookie(r), first)
        self.assertEqual(c.me().json()["user"]["id"], uid)

    def test_api_login_of_fixture_users(self):
        r = self.client().login_api(self.accounts["staff"])
        self.assertEqual(r.status, 200, r)
        u = r.json()["user"]
        self.assertEqual((u["name"], u["role"], u["track"]),
                         ("站长", "staff", None))

    # -- wrong logins (each counts against the address limit of 20) -------

    def test_wrong_password_and_unknown_account_same_answer(self):
        c = self.client()
        wrong = c.login_api(self.accounts["victim"], "not the password")
        j = self.assertJSONError(wrong, 401, "login_failed", LOGIN_FAILED_ZH)
        self.assertIsNone(wrong.set_cookie("yj_session"))
        unknown = c.login_api(new_phone(), "not the password")
        self.assertJSONError(unknown, 401, "login_failed", LOGIN_FAILED_ZH)
        self.assertEqual(unknown.json(), j)
        self.assertIsNone(unknown.set_cookie("yj_session"))
        self.assertJSONError(c.me(), 401, "login_required")

        en = self.client(lang="en")
        r = en.login_api(new_email("nobody"), "whatever-it-is")
        self.assertJSONError(r, 401, "login_failed", LOGIN_FAILED_EN)

        # The form: the same 401 page, the message, the account echoed.
        f = self.client()
        r1 = f.login_form(self.accounts["victim"], "not the password")
        self.assertEqual(r1.status, 401, r1)
        self.assertIn(LOGIN_FAILED_ZH, r1.text)
        self.assertIn('value="%s"' % self.accounts["victim"], r1.text)
        self.assertIsNone(r1.set_cookie("yj_session"))
        other = new_phone()
        r2 = f.login_form(other, "not the password")
        self.assertEqual(r2.status, 401, r2)
        strip = lambda t: re.sub(r'value="[^"]*"', "", t)
        self.assertEqual(strip(r1.text), strip(r2.text))
        # The right password still works (5 failures per account throttle).
        self.assertEqual(c.login_api(self.accounts["victim"]).status, 200)

    def test_login_missing_fields_is_400_not_a_failure(self):
        c = self.client()
        self.assertJSONError(c.post_json("/api/v1/login", {
            "account": self.accounts["victim"]}), 400, "bad_request")
        self.assertJSONError(c.post_json("/api/v1/login", {
            "account": self.accounts["victim"], "password": ""}),
            400, "bad_request")
        self.assertJSONError(c.post_json("/api/v1/login", {
            "password": PASSWORD}), 400, "bad_request")
        r = c.post_form("/login", {"account": self.accounts["victim"]})
        self.assertEqual(r.status, 400, r)

    # -- staff creating accounts ------------------------------------------

    def test_staff_creates_master_by_form_and_api(self):
        staff = self.logged_in("staff", api=False)
        before = staff_user_count(staff)
        page = staff.get("/staff/users")
        self.assertIn('<form method="post" action="/staff/users"', page.text)

        m1 = new_phone()
        r = staff.post_form("/staff/users", {
            "name": "陈师傅", "account": m1, "password": PASSWORD,
            "role": "master", "track": "carver"})
        self.assertEqual(r.status, 303, r)
        self.assertRegex(r.location, r"^/staff/users\?created=\d+$")
        done = staff.get(r.location)
        self.assertEqual(done.status, 200)
        self.assertIn('class="ok"', done.text)
        self.assertIn("陈师傅", done.text)
        self.assertIn(m1, done.text)

        m2 = new_email("master")
        r = staff.post_json("/api/v1/users", {
            "name": "Master Lee", "account": m2, "password": PASSWORD,
            "role": "master", "track": "designer"})
        self.assertEqual(r.status, 201, r)
        u = r.json()["user"]
        self.check_user(u, "Master Lee", m2, role="master", track="designer")

        s2 = new_email("staff")
        r = staff.post_json("/api/v1/users", {
            "name": "Desk Two", "account": s2, "password": PASSWORD,
            "role": "staff"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["user"]["track"], None)
        self.assertEqual(r.json()["user"]["role"], "staff")

        # Staff cannot make apprentices; the account must be new.
        self.assertJSONError(staff.post_json("/api/v1/users", {
            "name": "X", "account": new_phone(), "password": PASSWORD,
            "role": "apprentice", "track": "carver"}), 400, "invalid_role")
        self.assertJSONError(staff.post_json("/api/v1/users", {
            "name": "X", "account": m1, "password": PASSWORD,
            "role": "master", "track": "carver"}), 409, "account_taken")
        r = staff.post_form("/staff/users", {
            "name": "X", "account": m2, "password": PASSWORD,
            "role": "master", "track": "carver"})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(staff_user_count(staff), before + 3)

        for acc, role in ((m1, "master"), (m2, "master"), (s2, "staff")):
            c = self.client()
            r = c.login_api(acc)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["user"]["role"], role)
        c = self.client()
        self.assertRedirect(c.login_form(m1), "/me")
        self.assertIn("师傅", c.get("/me").text)

        # A master has no staff desk either.
        master = self.client()
        master.login_api(m1)
        self.assertJSONError(master.post_json("/api/v1/users", {
            "name": "Y", "account": new_phone(), "password": PASSWORD,
            "role": "master", "track": "carver"}), 403, "forbidden")

    def test_apprentice_cannot_create_users(self):
        staff = self.logged_in("staff")
        before = staff_user_count(staff)
        app = self.logged_in("apprentice")
        acc = new_phone()
        r = app.post_json("/api/v1/users", {
            "name": "Fake", "account": acc, "password": PASSWORD,
            "role": "staff"})
        self.assertJSONError(r, 403, "forbidden")
        self.assertEqual(app.get("/staff/users").status, 403)
        # The form post, with the apprentice's own valid token.
        token = app.get("/me").form_csrf("/logout")
        r = app.post_form("/staff/users", {
            "name": "Fake", "account": acc, "password": PASSWORD,
            "role": "staff"}, csrf=token)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(staff_user_count(staff), before)
        self.assertNotIn(acc, staff.get("/staff/users").text)

    # -- language ----------------------------------------------------------

    def test_language_default_and_accept_language(self):
        r = self.client().get("/")
        self.assertEqual(r.status, 200)
        self.assertIn('<html lang="zh-CN"', r.text)
        self.assertIn("text/html", r.header("content-type"))
        r = self.client(lang="en").get("/")
        self.assertIn('<html lang="en"', r.text)
        r = self.client(lang="fr;q=1, en;q=0.5").get("/")
        self.assertIn('<html lang="en"', r.text)
        r = self.client(lang="en;q=0.2, zh-CN;q=0.9").get("/")
        self.assertIn('<html lang="zh-CN"', r.text)

    def test_lang_switch(self):
        c = self.client()
        r = c.get("/lang?to=en&next=/login")
        self.assertRedirect(r, "/login")
        raw = r.set_cookie("yj_lang")
        self.assertIsNotNone(raw)
        self.assertTrue(raw.startswith("yj_lang=en;"), raw)
        self.assertEqual(c.cookies.get("yj_lang"), "en")
        self.assertIn('<html lang="en"', c.get("/login").text)
        # The cookie beats Accept-Language.
        r = c.get("/", headers={"Accept-Language": "zh-CN"})
        self.assertIn('<html lang="en"', r.text)
        r = c.get("/lang?to=zh&next=/")
        self.assertRedirect(r, "/")
        self.assertIn('<html lang="zh-CN"', c.get("/").text)

        for bad in ("//evil.example", "//evil.example/me", "/\\evil.example",
                    "https://evil.example/", "javascript:alert(1)",
                    "/\r\nSet-Cookie:x=1", "evil"):
            with self.subTest(next=bad):
                r = self.client().get("/lang?to=en&next=" + quote(bad))
                self.assertRedirect(r, "/")
        r = self.client().get("/lang?to=en")
        self.assertRedirect(r, "/")
        r = self.client().get("/lang?to=fr&next=/me")
        self.assertEqual(r.status, 400, r)

    # -- headers -----------------------------------------------------------

    def check_security_headers(self, r):
        csp = r.header("content-security-policy")
        self.assertIsNotNone(csp, r.headers)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        self.assertEqual(r.header("x-frame-options"), "DENY")

    def test_security_headers(self):
        c = self.client()
        cases = [("GET", "/"), ("GET", "/login"), ("GET", "/register"),
                 ("GET", "/me"), ("GET", "/healthz"), ("GET", "/api/v1/csrf"),
                 ("GET", "/api/v1/me"), ("POST", "/logout"),
                 ("GET", "/lang?to=en&next=/"), ("DELETE", "/me")]
        for method, path in cases:
            with self.subTest(method=method, path=path):
                self.check_security_headers(c.request(method, path))
        s = self.logged_in("staff")
        for path in ("/me", "/staff/users", "/api/v1/me"):
            with self.subTest(path=path, who="staff"):
                r = s.get(path)
                self.assertEqual(r.status, 200)
                self.check_security_headers(r)
                self.assertEqual(r.header("cache-control"), "no-store")
        r = c.get("/assets/yujiang.css")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        self.assertTrue(r.header("content-type").startswith("text/css"))

    def test_cookie_flags(self):
        c = self.client()
        r = c.register_api("曲", new_phone())
        self.assertEqual(r.status, 201, r)
        raw = r.set_cookie("yj_session")
        attrs = [a.strip() for a in raw.split(";")]
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Lax", attrs)
        self.assertIn("Path=/", attrs)
        self.assertIn("Max-Age=604800", attrs)
        self.assertNotIn("Secure", attrs)   # YUJIANG_SECURE_COOKIES unset
        self.assertFalse(any(a.lower().startswith("domain") for a in attrs))
        raw = self.client().get("/login").set_cookie("yj_csrf")
        attrs = [a.strip() for a in raw.split(";")]
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Lax", attrs)

    def test_healthz(self):
        r = self.client().get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertTrue(r.header("content-type").startswith(
            "application/json"))
        self.assertIsNone(r.set_cookie("yj_csrf"))
        self.assertEqual(self.client().get("/hello").body, b"hello\n")


if __name__ == "__main__":
    unittest.main()
