"""The digital credential (/certs/<id>/credential.json): an Open Badges
3.0 OpenBadgeCredential in the W3C VC 2.0 data model, holding what the
certificate says, with a proof set of an eddsa-jcs-2022 and an
eddsa-rdfc-2022 DataIntegrityProof by a key of the station's did:web (its
/.well-known/did.json; the rdfc proof is test_cert_rdfc's). The JCS proof
is checked twice, by code that shares nothing with the server's:
tests/vc/verify.mjs (Node, skipped while it does not exist)
and the pure-Python check of cert_util; both must say valid for the
download and invalid once the holder's name, the title, the serial, a
date or one character of proofValue is changed."""
import copy
import json
import os
import tempfile
import unittest

from cert_util import (B58, b64u_decode, eddsa_jcs_2022_verify, graduates,
                       issue_ok, keys, node_verify)
from harness import ServerTestCase, user
from training_util import login, new_apprentice, new_master

OTHER_DID = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
VC2 = "https://www.w3.org/ns/credentials/v2"


def walk(obj):
    """Every string value in obj."""
    if isinstance(obj, dict):
        for v in obj.values():
            yield from walk(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk(v)
    elif isinstance(obj, str):
        yield obj


def replace_everywhere(obj, old, new):
    """obj with every string equal to (or containing) old changed."""
    if isinstance(obj, dict):
        return {k: replace_everywhere(v, old, new) for k, v in obj.items()}
    if isinstance(obj, list):
        return [replace_everywhere(v, old, new) for v in obj]
    if isinstance(obj, str):
        return obj.replace(old, new)
    return obj


class CredentialTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")
        listing = keys(cls.server.client())
        k = listing["keys"][0]
        cls.did = listing["did"]
        cls.vm = k["verification_method"]
        cls.pk = b64u_decode(k["public_key"])
        r = cls.server.client().get("/.well-known/did.json")
        assert r.status == 200, r
        with tempfile.NamedTemporaryFile("wb", suffix=".json",
                                         delete=False) as f:
            f.write(r.body)
            cls.did_json = f.name

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "did_json", None):
            os.unlink(cls.did_json)
        super().tearDownClass()

    _made = {}

    def cert(self, kind):
        """(holder Person, certificate) of a course or level certificate,
        made once for the class."""
        if kind not in self._made:
            if kind == "course":
                run, people, events = graduates(
                    self, self.server, self.staff, self.teacher.id, 1,
                    "何嘉欣")
                holder = people[0]
                c = issue_ok(self, self.staff, events[holder.id], "both")
            else:
                holder = new_apprentice(self.server, "张小敏")
                r = self.staff.post("/api/v1/people/%d/level" % holder.id,
                                    {"level": 2, "evidence": "考核 81 分"})
                self.assertEqual(r.status, 200, r)
                ev = "level:%s" % self.server.sql(
                    "SELECT max(id) FROM skill_levels WHERE user = ?1",
                    holder.id)[0][0]
                c = issue_ok(self, self.staff, ev, "zh")
            self._made[kind] = (holder, c)
        return self._made[kind]

    def download(self, who, c):
        r = who.get(c["credential_url"])
        self.assertEqual(r.status, 200, r)
        return r, json.loads(r.body.decode("utf-8"))

    def node(self, doc, key=None):
        with tempfile.NamedTemporaryFile("w", suffix=".json",
                                         delete=False) as f:
            json.dump(doc, f, ensure_ascii=False)
            path = f.name
        try:
            return node_verify(path, key or self.did_json)
        finally:
            os.unlink(path)

    def test_shape_and_content(self):
        for kind in ("course", "level"):
            with self.subTest(kind=kind):
                holder, c = self.cert(kind)
                r, doc = self.download(holder, c)
                self.assertTrue(r.header("content-type").startswith(
                    "application/vc+ld+json"), r.headers)
                self.assertIn('filename="%s.json"' % c["serial"],
                              r.header("content-disposition", ""))
                self.assertIn(VC2, doc["@context"])
                self.assertEqual(doc["@context"][0], VC2)
                self.assertIn("VerifiableCredential", doc["type"])
                self.assertIn("OpenBadgeCredential", doc["type"])
                self.assertEqual(doc["id"], c["verify_url"])
                issuer = doc["issuer"]
                self.assertEqual(issuer["id"] if isinstance(issuer, dict)
                                 else issuer, self.did)
                self.assertTrue(doc["validFrom"].startswith(c["issued"]),
                                doc["validFrom"])
                if c["expires"]:
                    self.assertTrue(doc["validUntil"].startswith(
                        c["expires"]), doc.get("validUntil"))
                else:
                    self.assertNotIn("validUntil", doc)
                strings = set(walk(doc["credentialSubject"]))
                self.assertIn(c["holder"], strings)
                self.assertIn(c["serial"], strings)
                self.assertTrue({c["title_zh"], c["title_en"]} & set(
                    walk(doc)), "no title in the credential")
                # A proof set: eddsa-jcs-2022 and eddsa-rdfc-2022, by
                # the active key of the station's did:web.
                self.assertIsInstance(doc["proof"], list)
                self.assertEqual([p["cryptosuite"] for p in doc["proof"]],
                                 ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
                self.assertEqual(self.vm, "%s#%s" % (
                    self.did, keys(self.client())["keys"][0]["kid"]))
                for p in doc["proof"]:
                    self.assertEqual(p["type"], "DataIntegrityProof")
                    self.assertEqual(p["proofPurpose"], "assertionMethod")
                    self.assertEqual(p["verificationMethod"], self.vm)
                    self.assertTrue(p["proofValue"].startswith("z"))
                # Staff get the same document (but for the proofs' time).
                r2, doc2 = self.download(self.staff, c)
                for p, p2 in zip(doc["proof"], doc2["proof"]):
                    p2["created"] = p["created"]
                    p2["proofValue"] = p["proofValue"]
                self.assertEqual(doc2, doc)

    def test_proof_verifies_independently(self):
        for kind in ("course", "level"):
            holder, c = self.cert(kind)
            r, doc = self.download(holder, c)
            with self.subTest(kind=kind, check="python"):
                self.assertTrue(eddsa_jcs_2022_verify(doc, self.pk),
                                "eddsa-jcs-2022 proof does not verify")
            with self.subTest(kind=kind, check="verify.mjs did.json"):
                rc, out = self.node(doc)
                self.assertEqual(rc, 0, out)
                self.assertIn("VALID", out)
                self.assertNotIn("INVALID", out)
            with self.subTest(kind=kind, check="wrong key"):
                self.assertFalse(eddsa_jcs_2022_verify(
                    doc, bytes.fromhex("d75a980182b10ab7d54bfed3c964073a"
                                       "0ee172f3daa62325af021a68f707511a")))
                rc, out = self.node(doc, OTHER_DID)
                self.assertNotEqual(rc, 0, out)
                self.assertIn("INVALID", out)

    def test_tampering_is_detected(self):
        holder, c = self.cert("level")
        r, doc = self.download(holder, c)
        self.assertTrue(eddsa_jcs_2022_verify(doc, self.pk))
        pv = doc["proof"][0]["proofValue"]   # the eddsa-jcs-2022 one
        i = len(pv) // 2
        other = B58[(B58.index(pv[i]) + 1) % len(B58)]
        mutations = {
            "holder": replace_everywhere(doc, c["holder"], "王小敏"),
            "title": replace_everywhere(doc, c["title_zh"],
                                        c["title_zh"] + "（特级）"),
            "serial": replace_everywhere(doc, c["serial"],
                                         c["serial"][:-1] + "9"),
            "validUntil": dict(doc, validUntil="2099-12-31T23:59:59+08:00"),
            "issuer": replace_everywhere(doc, "人才服务站", "人才服务中心"),
            "proofValue": json.loads(json.dumps(doc)),
            "proofValue end": json.loads(json.dumps(doc)),
            "no proofValue": json.loads(json.dumps(doc)),
            "extra claim": dict(doc, awardedBy="someone"),
        }
        mutations["proofValue"]["proof"][0]["proofValue"] = \
            pv[:i] + other + pv[i + 1:]
        last = B58[(B58.index(pv[-1]) + 1) % len(B58)]
        mutations["proofValue end"]["proof"][0]["proofValue"] = \
            pv[:-1] + last
        del mutations["no proofValue"]["proof"][0]["proofValue"]
        for name, bad in mutations.items():
            with self.subTest(mutation=name):
                self.assertNotEqual(bad, doc)
                self.assertFalse(eddsa_jcs_2022_verify(bad, self.pk))
                rc, out = self.node(bad)
                self.assertNotEqual(rc, 0, out)
                self.assertIn("INVALID", out)
        # And the untouched copy still verifies (the mutations were
        # made on copies).
        rc, out = self.node(copy.deepcopy(doc))
        self.assertEqual(rc, 0, out)

    def test_only_holder_and_staff(self):
        holder, c = self.cert("course")
        other = new_apprentice(self.server, "别人")
        r = other.get(c["credential_url"])
        self.assertEqual(r.status, 404, r)
        self.assertNotIn(c["serial"], r.text)
        self.assertNotIn(holder.name, r.text)
        self.assertEqual(self.teacher.get(c["credential_url"]).status, 404)
        r = self.client().get(c["credential_url"])
        self.assertRedirect(r, "/login")


if __name__ == "__main__":
    unittest.main()
