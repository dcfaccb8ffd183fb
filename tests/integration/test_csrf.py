"""CSRF: every POST route, HTML and API, refuses a missing token, a wrong
token and another session's token with 403, and writes nothing; the
right token on the same request succeeds (so the 403 is the token's)."""
import unittest

from harness import (PASSWORD, ServerTestCase, new_phone, random_token,
                     staff_user_count, user)

CSRF_ZH = "页面已过期，请刷新后重新提交。"


class CsrfTest(ServerTestCase):
    users = {
        "staff": user("站长", "staff"),
        "staff2": user("副站长", "staff"),
        "apprentice": user("学员", "apprentice"),
    }

    def setUp(self):
        self.staff = self.logged_in("staff")

    def count(self):
        return staff_user_count(self.staff)

    def assertNotWritten(self, before, account):
        self.assertEqual(self.count(), before)
        self.assertNotIn(account, self.staff.get("/staff/users").text)

    def assertCsrf403(self, r, json_route):
        self.assertEqual(r.status, 403, r)
        if json_route:
            self.assertJSONError(r, 403, "csrf", CSRF_ZH)
        else:
            self.assertIn(CSRF_ZH, r.text)
        self.assertIsNone(r.set_cookie("yj_session"))

    # -- anonymous routes: double-submit cookie -----------------------------

    def anon_variants(self, page):
        """(label, client, token) for each bad way to post anonymously."""
        other = self.client()
        if page.startswith("/api/"):
            other_token = other.api_csrf()
        else:
            other_token = other.get(page).form_csrf(page)
        fresh = self.client()           # never fetched a form: no cookie
        c = [self.client() for _ in range(4)]
        for x in c:
            x.get("/register")          # sets its own yj_csrf cookie
        return [
            ("missing", c[0], None),
            ("wrong", c[1], random_token()),
            ("not hex", c[2], "x" * 64),
            ("another visitor's", c[3], other_token),
            ("no cookie", fresh, other_token),
        ]

    def test_register_form(self):
        before = self.count()
        for label, c, token in self.anon_variants("/register"):
            with self.subTest(label):
                acc = new_phone()
                r = c.post_form("/register", {
                    "name": "伪造", "account": acc, "password": PASSWORD,
                    "track": "carver", "consent": 1}, csrf=token)
                self.assertCsrf403(r, False)
                self.assertNotWritten(before, acc)
        # Token in the header instead of the field is fine too; and the
        # right field works.
        c = self.client()
        acc = new_phone()
        token = c.get("/register").form_csrf("/register")
        r = c.post_form("/register", {"name": "真", "account": acc,
                                      "password": PASSWORD,
                                      "track": "carver", "consent": 1}, csrf=None,
                        headers={"X-CSRF-Token": token})
        self.assertRedirect(r, "/me")
        self.assertEqual(self.count(), before + 1)

    def test_register_api(self):
        before = self.count()
        for label, c, token in self.anon_variants("/api/v1/csrf"):
            with self.subTest(label):
                acc = new_phone()
                r = c.post_json("/api/v1/register", {
                    "name": "伪造", "account": acc, "password": PASSWORD,
                    "track": "carver", "consent": 1}, csrf=token)
                self.assertCsrf403(r, True)
                self.assertNotWritten(before, acc)
        # The token as a body member is not the header: refused.
        c = self.client()
        token = c.api_csrf()
        acc = new_phone()
        r = c.post_json("/api/v1/register", {
            "name": "伪造", "account": acc, "password": PASSWORD,
            "track": "carver", "csrf": token, "consent": 1}, csrf=None)
        self.assertCsrf403(r, True)
        self.assertNotWritten(before, acc)
        r = c.post_json("/api/v1/register", {
            "name": "真", "account": acc, "password": PASSWORD,
            "track": "carver", "consent": 1}, csrf=token)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.count(), before + 1)

    def test_login_form(self):
        acc = self.accounts["apprentice"]
        for label, c, token in self.anon_variants("/login"):
            with self.subTest(label):
                r = c.post_form("/login", {"account": acc,
                                           "password": PASSWORD}, csrf=token)
                self.assertCsrf403(r, False)
                self.assertRedirect(c.get("/me"), "/login")
        c = self.client()
        self.assertRedirect(c.login_form(acc), "/me")

    def test_login_api(self):
        acc = self.accounts["apprentice"]
        for label, c, token in self.anon_variants("/api/v1/csrf"):
            with self.subTest(label):
                r = c.post_json("/api/v1/login", {"account": acc,
                                                  "password": PASSWORD},
                                csrf=token)
                self.assertCsrf403(r, True)
                self.assertJSONError(c.me(), 401, "login_required")
        c = self.client()
        self.assertEqual(c.login_api(acc).status, 200)

    def test_made_up_double_submit_is_refused(self):
        """Issue 15 item 3: a cookie and header (or field) the caller made
        up, equal to each other and of the right shape, are refused: the
        anonymous token must be one the server signed. A server-issued
        token, from either worker, works (so the 403 is the signature's)."""
        before = self.count()
        acc = self.accounts["apprentice"]
        for label, path in (("register api", "/api/v1/register"),
                            ("login api", "/api/v1/login"),
                            ("register form", "/register"),
                            ("login form", "/login")):
            with self.subTest(label):
                c = self.client()
                forged = random_token()
                c.cookies["yj_csrf"] = forged
                new = new_phone()
                body = {"name": "伪造", "account": new, "password": PASSWORD,
                        "track": "carver", "consent": 1}
                if "login" in path:
                    body = {"account": acc, "password": PASSWORD}
                if path.startswith("/api/"):
                    r = c.post_json(path, body, csrf=forged)
                else:
                    r = c.post_form(path, body, csrf=forged)
                self.assertCsrf403(r, path.startswith("/api/"))
                self.assertNotWritten(before, new)
                self.assertJSONError(c.me(), 401, "login_required")
                # A form page replaces the unsigned cookie with a signed
                # token, which then works.
                if path.startswith("/api/"):
                    token = c.api_csrf()
                else:
                    token = c.get(path).form_csrf(path)
                self.assertNotEqual(token, forged)
                self.assertEqual(c.cookies.get("yj_csrf"), token)
        c = self.client()
        token = c.api_csrf()
        new = new_phone()
        r = c.post_json("/api/v1/register", {
            "name": "真", "account": new, "password": PASSWORD,
            "track": "carver", "consent": 1}, csrf=token)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.count(), before + 1)
        # Issued tokens pass on whichever worker takes the request: the
        # key is made once, in the parent, before the workers fork.
        for _ in range(12):
            d = self.client()
            token = d.api_csrf()
            r = d.post_json("/api/v1/login", {
                "account": acc, "password": PASSWORD}, csrf=token)
            self.assertEqual(r.status, 200, r)

    # -- logged-in routes: the session's derived token -----------------------

    def session_variants(self, key):
        """(label, victim client, token) for each bad token, for a fresh
        session of fixture user key."""
        out = []
        other_user = self.logged_in("staff2").api_csrf()
        for label in ("missing", "wrong", "not hex", "another user's",
                      "own other session's", "own anonymous cookie"):
            c = self.logged_in(key)
            if label == "missing":
                token = None
            elif label == "wrong":
                token = random_token()
            elif label == "not hex":
                token = "Z" * 64
            elif label == "another user's":
                token = other_user
            elif label == "own other session's":
                token = self.logged_in(key).api_csrf()
            else:
                c.get("/api/v1/csrf")       # a logged-in caller: no cookie
                d = self.client()
                token = d.api_csrf()        # an anonymous double-submit value
                c.cookies["yj_csrf"] = token
            out.append((label, c, token))
        return out

    def test_logout_form(self):
        for label, c, token in self.session_variants("apprentice"):
            with self.subTest(label):
                r = c.post_form("/logout", {}, csrf=token)
                self.assertCsrf403(r, False)
                self.assertEqual(c.get("/me").status, 200)
                self.assertEqual(c.me().status, 200)
        c = self.logged_in("apprentice")
        r = c.post_form("/logout", {})
        self.assertRedirect(r, "/")
        self.assertRedirect(c.get("/me"), "/login")

    def test_logout_api(self):
        for label, c, token in self.session_variants("apprentice"):
            with self.subTest(label):
                r = c.post_json("/api/v1/logout", {}, csrf=token)
                self.assertCsrf403(r, True)
                self.assertEqual(c.me().status, 200)
        c = self.logged_in("apprentice")
        self.assertEqual(c.logout_api().status, 200)
        self.assertEqual(c.me().status, 401)

    def test_staff_users_form(self):
        before = self.count()
        for label, c, token in self.session_variants("staff"):
            with self.subTest(label):
                acc = new_phone()
                r = c.post_form("/staff/users", {
                    "name": "伪师傅", "account": acc, "password": PASSWORD,
                    "role": "master", "track": "carver", "consent": 1}, csrf=token)
                self.assertCsrf403(r, False)
                self.assertNotWritten(before, acc)
        acc = new_phone()
        r = self.staff.post_form("/staff/users", {
            "name": "真师傅", "account": acc, "password": PASSWORD,
            "role": "master", "track": "carver", "consent": 1})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(self.count(), before + 1)

    def test_staff_users_api(self):
        before = self.count()
        for label, c, token in self.session_variants("staff"):
            with self.subTest(label):
                acc = new_phone()
                r = c.post_json("/api/v1/users", {
                    "name": "伪师傅", "account": acc, "password": PASSWORD,
                    "role": "master", "track": "carver", "consent": 1}, csrf=token)
                self.assertCsrf403(r, True)
                self.assertNotWritten(before, acc)
        acc = new_phone()
        r = self.staff.post_json("/api/v1/users", {
            "name": "真师傅", "account": acc, "password": PASSWORD,
            "role": "master", "track": "carver", "consent": 1})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.count(), before + 1)

    def test_session_token_dies_with_the_session(self):
        c = self.logged_in("staff")
        token = c.api_csrf()
        self.assertEqual(c.logout_api().status, 200)
        self.assertEqual(c.login_api(self.accounts["staff"]).status, 200)
        before = self.count()
        acc = new_phone()
        r = c.post_json("/api/v1/users", {
            "name": "旧令牌", "account": acc, "password": PASSWORD,
            "role": "master", "track": "carver", "consent": 1}, csrf=token)
        self.assertCsrf403(r, True)
        self.assertNotWritten(before, acc)


if __name__ == "__main__":
    unittest.main()
