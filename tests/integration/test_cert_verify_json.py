"""The verify API's answer, member by member (issue 16: it is now
written straight into its buffer by src/core/jsonw.c instead of through
jansson). For the demo's certificates in every state — valid, revoked,
superseded, expired — and one suspended here, /api/v1/verify/<code> must
say exactly what the certificate is, as staff's own view of it
(/api/v1/certs/<id>) and the templates' issuer (certs/course.yaml) say,
with no member more or less: the shape the jansson version had. An
unknown code answers 404 {"status": "not_found", "message": …} in the
reader's language."""
import json
import os
import re
import unittest

from cert_util import cert_api, verify_api
from harness import ServerTestCase, user
from training_util import login

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def template_issuer():
    """(zh, en) of the issuer in certs/course.yaml."""
    with open(os.path.join(ROOT, "certs", "course.yaml"),
              encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^issuer:\n  zh: (.*)\n  en: (.*)$", text, re.M)
    return m.group(1).strip(), m.group(2).strip()


class VerifyJsonTest(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        certs, path = [], "/api/v1/certs"
        while True:
            r = cls.staff.get(path)
            assert r.status == 200, r
            certs += r.json()["certificates"]
            if r.json()["next"] is None:
                break
            path = "/api/v1/certs?before=%d" % r.json()["next"]
        cls.certs = certs

    def expected(self, c, shared_valid):
        """What the API must say of certificate c (staff's full view)."""
        zh, en = template_issuer()
        status = {"superseded": "revoked"}.get(c["status"], c["status"])
        want = {"status": status, "certificate": {
            "serial": c["serial"], "holder": c["holder"],
            "kind": c["kind"], "title_zh": c["title_zh"],
            "title_en": c["title_en"], "level": c["level"],
            "issuer_zh": zh, "issuer_en": en, "issued": c["issued"],
            "lang": c["lang"], "expires": c["expires"],
            "identity_checked": c["identity_checked"]}}
        if "revoked" in c:
            want["revoked"] = c["revoked"]
        if c["status"] == "suspended":
            want["suspended"] = c["suspended"]
        if c["status"] == "superseded":
            want["superseded"] = True
            want["superseded_by"] = c["superseded_by"]
        if shared_valid is not None:
            want["related"] = shared_valid
        return want

    def related_of(self, c):
        """The holder's other valid certificates, if they share them."""
        if c["status"] != "valid":
            return None
        r = self.server.sql("SELECT share_certs FROM users WHERE id = %d"
                            % c["user"])
        if not int(r[0][0]):
            return None
        return sorted(({"code": x["code"], "serial": x["serial"],
                        "kind": x["kind"], "title_zh": x["title_zh"],
                        "title_en": x["title_en"], "issued": x["issued"]}
                       for x in self.certs if x["user"] == c["user"] and
                       x["id"] != c["id"] and x["status"] == "valid"),
                      key=lambda x: x["code"])

    def check(self, c):
        c = cert_api(self.staff, c["id"])
        r = verify_api(self.client(), c["code"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"),
                         "application/json; charset=utf-8")
        got = json.loads(r.body.decode("utf-8"))
        if "related" in got:
            got["related"] = sorted(got["related"], key=lambda x: x["code"])
        self.assertEqual(got, self.expected(c, self.related_of(c)))
        return got

    def test_every_state_member_by_member(self):
        seen = set()
        for c in self.certs:
            with self.subTest(serial=c["serial"], status=c["status"]):
                self.check(c)
                seen.add(c["status"])
        self.assertTrue({"valid", "revoked", "superseded",
                         "expired"} <= seen, seen)

    def test_suspended(self):
        c = next(c for c in self.certs if c["status"] == "valid" and
                 c["holder"] == "张小敏")
        r = self.staff.post("/api/v1/certs/%d/suspend" % c["id"],
                            {"reason": "复核中 \"引号\" \\ <审核>\n第二行"})
        self.assertEqual(r.status, 200, r)
        try:
            got = self.check(c)
            self.assertEqual(got["status"], "suspended")
            self.assertEqual(got["suspended"]["reason"],
                             "复核中 \"引号\" \\ <审核>\n第二行")
        finally:
            self.staff.post("/api/v1/certs/%d/reinstate" % c["id"],
                            {"reason": "复核无误"})

    def test_unknown_code(self):
        for lang, word in (
                ("zh", "请核对二维码或证书编号。伪造或抄错的证书在这里查不到。"),
                ("en", "Check the QR code or the number. A forged or "
                 "mistyped certificate is not found here.")):
            r = self.client(lang=lang).get("/api/v1/verify/" + "a" * 20)
            with self.subTest(lang=lang):
                self.assertEqual(r.status, 404, r)
                j = json.loads(r.body.decode("utf-8"))
                self.assertEqual(j, {"status": "not_found",
                                     "message": word})


if __name__ == "__main__":
    unittest.main()
