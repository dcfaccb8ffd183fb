"""Route x role x method: every route of the README's table, called by an
anonymous visitor, an apprentice, a master and staff, with GET, HEAD,
POST, PUT and DELETE. The whole expectation is the EXPECT table below.

POSTs carry the caller's valid CSRF token and an empty body (form or
`{}`), so a caller who is let through gets the handler's 400 for the
missing fields and nothing is written; logout rows use a throwaway session.
"""
import os
import re
import unittest

from harness import ROOT, ServerTestCase, user

ANON, APPR, MASTER, STAFF = "anonymous", "apprentice", "master", "staff"
ROLES = (ANON, APPR, MASTER, STAFF)
USERS = (APPR, MASTER, STAFF)


def every(exp):
    return {r: exp for r in ROLES}


def anon_users(anon, users):
    d = {ANON: anon}
    d.update({r: users for r in USERS})
    return d


def staff_only(anon, others, staff):
    return {ANON: anon, APPR: others, MASTER: others, STAFF: staff}


# An expectation: "STATUS", "STATUS /location" (a redirect's target) or
# "STATUS code" (a JSON route's "error" member).
M405 = every("405")
NO_WRITE = {"PUT": M405, "DELETE": M405}

# path -> method -> role -> expectation. HEAD answers like GET, no body.
EXPECT = {
    "/": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/register": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/login": {
        "GET": anon_users("200", "303 /me"),
        "POST": anon_users("400", "303 /me"), **NO_WRITE},
    "/logout": {
        "GET": M405,
        "POST": anon_users("401", "303 /"), **NO_WRITE},
    "/me": {
        "GET": anon_users("303 /login", "200"),
        "POST": M405, **NO_WRITE},
    "/staff/users": {
        "GET": staff_only("303 /login", "403", "200"),
        "POST": staff_only("401", "403", "400"), **NO_WRITE},
    "/lang?to=en&next=/me": {
        "GET": every("303 /me"),
        "POST": M405, **NO_WRITE},
    "/assets/yujiang.css": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/healthz": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/hello": {
        "GET": every("200"),
        "POST": M405, **NO_WRITE},
    "/api/v1/csrf": {
        "GET": every("200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/register": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 invalid_name", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/login": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("400 bad_request", "409 already_logged_in"),
        **NO_WRITE},
    "/api/v1/logout": {
        "GET": every("405 method_not_allowed"),
        "POST": anon_users("401 login_required", "200"), **NO_WRITE},
    "/api/v1/me": {
        "GET": anon_users("401 login_required", "200"),
        "POST": every("405 method_not_allowed"), **NO_WRITE},
    "/api/v1/users": {
        "GET": every("405 method_not_allowed"),
        "POST": staff_only("401 login_required", "403 forbidden",
                           "400 invalid_name"), **NO_WRITE},
    # Not routed at all: Kore's own 404.
    "/no/such/page": {
        "GET": every("404"), "POST": every("404"), "PUT": every("404"),
        "DELETE": every("404")},
}

# Rows whose POST ends the session: each call gets a fresh login.
SESSION_ENDING = {"/logout", "/api/v1/logout"}
# Routes of the README table served outside the dispatcher (R_DIRECT).
DIRECT = {"/assets/yujiang.css", "/hello"}


def parse(exp):
    status, _, detail = exp.partition(" ")
    return int(status), detail or None


class RouteRoleMatrixTest(ServerTestCase):
    users = {
        APPR: user("学员", "apprentice"),
        MASTER: user("师傅", "master", track="designer"),
        STAFF: user("工作人员", "staff"),
    }

    @classmethod
    def prepare(cls):
        cls.clients = {}
        for role in ROLES:
            c = cls.server.client()
            if role == ANON:
                c.get("/api/v1/csrf")       # the yj_csrf cookie
                token = c.cookies["yj_csrf"]
            else:
                r = c.login_api(cls.accounts[role])
                if r.status != 200:
                    raise AssertionError("login as %s: %r" % (role, r))
                token = r.json()["csrf"]
            cls.clients[role] = (c, token)

    def caller(self, role, path):
        if role != ANON and path in SESSION_ENDING:
            c = self.client()
            r = c.login_api(self.accounts[role])
            self.assertEqual(r.status, 200, r)
            return c, r.json()["csrf"]
        return self.clients[role]

    def call(self, role, method, path):
        c, token = self.caller(role, path)
        api = path.startswith("/api/")
        headers = {"X-CSRF-Token": token}
        if method in ("POST", "PUT", "DELETE"):
            if api:
                headers["Content-Type"] = "application/json"
                body = b"{}"
            else:
                headers["Content-Type"] = \
                    "application/x-www-form-urlencoded"
                body = ("csrf=" + token).encode()
        else:
            body = None
        return c.request(method, path, body=body, headers=headers)

    def check(self, path, method, role, exp):
        status, detail = parse(exp)
        r = self.call(role, method, path)
        where = "%s %s as %s" % (method, path, role)
        self.assertEqual(r.status, status, "%s: %r" % (where, r))
        if detail and detail.startswith("/"):
            self.assertEqual(r.location, detail, where)
        elif detail and method != "HEAD":
            self.assertEqual(r.json().get("error"), detail, where)
        if status == 405 and path not in ("/no/such/page",):
            allow = r.header("allow")
            self.assertIsNotNone(allow, "%s: no Allow header" % where)
        if method == "HEAD":
            self.assertEqual(r.body, b"", where)
        elif status == 200 and path.startswith("/api/"):
            self.assertIsInstance(r.json(), dict)
        elif status == 200 and path in ("/", "/me", "/login", "/register",
                                        "/staff/users"):
            self.assertIn("<!doctype html>", r.text)
        return r

    def run_row(self, path):
        for method, by_role in EXPECT[path].items():
            methods = [method]
            if method == "GET":
                methods.append("HEAD")
            for m in methods:
                for role in ROLES:
                    with self.subTest(method=m, role=role):
                        self.check(path, m, role, by_role[role])

    def test_table_covers_every_route(self):
        """Every route of conf/common.conf has a row (and vice versa)."""
        with open(os.path.join(ROOT, "conf", "common.conf")) as f:
            routed = set(re.findall(r"^\s*route\s+(\S+)", f.read(), re.M))
        rows = {p.split("?")[0] for p in EXPECT} - {"/no/such/page"}
        self.assertEqual(rows, routed)


def _make(path):
    def test(self):
        self.run_row(path)
    test.__doc__ = "route x role x method: %s" % path
    return test


for _path in EXPECT:
    _name = "test_route_" + (_path.split("?")[0].strip("/")
                             .replace("/", "_").replace(".", "_")
                             .replace("-", "_") or "root")
    setattr(RouteRoleMatrixTest, _name, _make(_path))


if __name__ == "__main__":
    unittest.main()
