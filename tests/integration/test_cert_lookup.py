"""The manual look-up (/verify, /api/v1/verify): the serial and the
holder's name together find a certificate (303 to /v/<code>), either
alone does not (404 "not found"); the serial is normalised (lower case,
spaces, dashes); a malformed one is 400. Every look-up counts against
the address — found or not — YUJIANG_LOOKUP_LIMIT per hour (default
20), then 429 with Retry-After even for a right pair, while every other
route (the verify pages included) goes on answering.

The demo data (`init`) provides the certificates."""
import unittest

from cert_util import verdict
from harness import ServerTestCase, user
from training_util import login


class LookupBase(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        certs = cls.staff.get("/api/v1/certs").json()["certificates"]
        cls.valid = next(c for c in certs if c["status"] == "valid" and
                         c["kind"] == "course")
        cls.revoked = next(c for c in certs if c["status"] == "revoked")
        cls.counted = 0

    def lookup_form(self, serial, name, client=None, headers=None):
        c = client or self.client()
        return c.post_form("/verify", {"serial": serial, "name": name},
                           headers=headers)

    def lookup_json(self, serial, name, client=None, headers=None):
        c = client or self.client()
        return c.post_json("/api/v1/verify", {"serial": serial,
                                              "name": name},
                           headers=headers)

    def count(self, r):
        """A look-up the server counts (fields well formed)."""
        type(self).counted += 1
        return r


class LookupTest(LookupBase):
    """No YUJIANG_LOOKUP_LIMIT: the default of 20 an hour."""

    def test_a_right_pair_finds_it(self):
        c = self.valid
        r = self.count(self.lookup_form(c["serial"], c["holder"]))
        self.assertRedirect(r, "/v/" + c["code"])
        page = self.client().get(r.location)
        self.assertEqual(verdict(page.text)["status"], "valid")
        r = self.count(self.lookup_json(c["serial"], c["holder"]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"code": c["code"],
                                    "url": self.server.base + "/v/" +
                                    c["code"],
                                    "path": "/v/" + c["code"]})
        # A revoked certificate is found too: its page says revoked.
        d = self.revoked
        r = self.count(self.lookup_form(d["serial"], d["holder"]))
        self.assertRedirect(r, "/v/" + d["code"])
        page = self.client().get(r.location)
        self.assertEqual(verdict(page.text)["status"], "revoked")

    def test_b_serial_is_normalised(self):
        c = self.valid
        s = c["serial"]
        for variant in (s.lower(), " ".join(s[i:i + 4]
                                            for i in range(0, 22, 4)),
                        "-".join((s[:1], s[1:7], s[7:13], s[13:])),
                        " " + s.lower() + " "):
            with self.subTest(serial=variant):
                r = self.count(self.lookup_form(variant, c["holder"]))
                self.assertRedirect(r, "/v/" + c["code"])
        r = self.count(self.lookup_form(s, " %s " % c["holder"]))
        self.assertRedirect(r, "/v/" + c["code"])

    def test_c_wrong_name_or_serial_is_not_found(self):
        c, d = self.valid, self.revoked
        other = str((int(c["serial"][-5:]) + 500) % 100000).zfill(5)
        for serial, name in ((c["serial"], "王某某"),
                             (c["serial"], d["holder"]),
                             (d["serial"], c["holder"]),
                             (c["serial"][:-5] + other, c["holder"])):
            with self.subTest(serial=serial, name=name):
                r = self.count(self.lookup_form(serial, name))
                self.assertEqual(r.status, 404, r)
                self.assertEqual(verdict(r.text)["status"], "not_found")
                self.assertNotIn(c["code"], r.text)
        r = self.count(self.lookup_json(c["serial"], "王某某"))
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.json()["status"], "not_found")
        self.assertNotIn("code", r.json())

    def test_d_malformed_is_400_and_not_counted(self):
        c = self.valid
        for serial, name in ((c["serial"][:-1], c["holder"]),
                             (c["serial"] + "1", c["holder"]),
                             ("", c["holder"]), (c["serial"], ""),
                             (c["serial"], "   "),
                             ("X" + c["serial"][1:], c["holder"]),
                             ("P" * 22, c["holder"]),
                             (c["serial"] * 100, c["holder"])):
            with self.subTest(serial=serial[:30], name=name):
                r = self.lookup_form(serial, name)
                self.assertEqual(r.status, 400, r)
                self.assertIn("请填写 22 位证书编号和持证人姓名。", r.text)
                r = self.lookup_json(serial, name)
                self.assertJSONError(r, 400, "invalid_lookup")
        r = self.client().post_json("/api/v1/verify", {})
        self.assertJSONError(r, 400, "invalid_lookup")

    def test_e_form_page_needs_no_login(self):
        r = self.client().get("/verify")
        self.assertEqual(r.status, 200, r)
        self.assertIn('action="/verify"', r.text)
        self.assertIn('id="f-serial"', r.text)
        # Without the form's token: 403, not counted.
        r = self.client().post_form("/verify", {"serial": "x", "name": "y"},
                                    csrf=None)
        self.assertEqual(r.status, 403, r)

    def test_z_default_limit_is_20(self):
        c = self.valid
        used = type(self).counted
        self.assertLess(used, 20, "the other tests used the whole budget")
        for i in range(20 - used):
            r = self.lookup_json(c["serial"], "王某%d" % i)
            self.assertEqual(r.status, 404, (used + i + 1, r))
        r = self.lookup_form(c["serial"], c["holder"])
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.header("retry-after"), "3600")


class LookupThrottleTest(LookupBase):
    """YUJIANG_LOOKUP_LIMIT=5: the 6th look-up from the address is 429."""
    env = {"YUJIANG_LOOKUP_LIMIT": "5"}

    def test_sixth_lookup_is_429_even_when_right(self):
        c = self.valid
        self.assertRedirect(self.lookup_form(c["serial"], c["holder"]),
                            "/v/" + c["code"])
        self.assertEqual(self.lookup_form(c["serial"], "王某某").status, 404)
        self.assertEqual(self.lookup_json(c["serial"], c["holder"]).status,
                         200)
        self.assertEqual(self.lookup_json(c["serial"], "王某").status, 404)
        # Malformed ones are refused before counting.
        self.assertEqual(self.lookup_form("P123", c["holder"]).status, 400)
        self.assertRedirect(self.lookup_form(c["serial"].lower(),
                                             c["holder"]),
                            "/v/" + c["code"])
        # The 6th: throttled, right pair or not, form or JSON.
        r = self.lookup_form(c["serial"], c["holder"])
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.header("retry-after"), "3600")
        self.assertIn("查询次数太多，请一小时后再试。", r.text)
        self.assertNotIn("/v/" + c["code"], r.text)
        r = self.lookup_json(c["serial"], c["holder"])
        self.assertJSONError(r, 429, "throttled")
        self.assertEqual(r.header("retry-after"), "3600")
        r = self.lookup_form(c["serial"], c["holder"],
                             client=self.client(lang="en"))
        self.assertEqual(r.status, 429, r)
        self.assertIn("Too many look-ups from here; try again in an hour.",
                      r.text)
        # A forged proxy header is not another address.
        for h in ({"X-Real-IP": "203.0.113.7"},
                  {"X-Forwarded-For": "203.0.113.8"}):
            with self.subTest(header=h):
                r = self.lookup_json(c["serial"], c["holder"], headers=h)
                self.assertEqual(r.status, 429, r)
        # Everything else still answers.
        r = self.client().get("/v/" + c["code"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(verdict(r.text)["status"], "valid")
        r = self.client().get("/api/v1/verify/" + c["code"])
        self.assertEqual(r.json()["status"], "valid")
        self.assertEqual(self.client().get("/verify").status, 200)
        self.assertEqual(self.client().get("/api/v1/keys").status, 200)
        self.assertHealthy()
        s = login(self.server, self.accounts["staff"])
        self.assertEqual(s.get("/api/v1/certs").status, 200)


if __name__ == "__main__":
    unittest.main()
