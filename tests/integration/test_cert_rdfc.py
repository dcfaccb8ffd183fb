"""Every demo credential (`yujiang-admin init`), exported from a real
server as /certs/<id>/credential.json, checked by the mainstream stack:
tests/vc/verify-rdfc.mjs runs digitalbazaar's @digitalbazaar/vc with the
eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites and an offline document
loader, and validates against 1EdTech's OB 3.0 AchievementCredential
JSON Schema with ajv. Nothing of our C code is in that check: the
eddsa-rdfc-2022 proof our rdfc.c canonicalised must agree with
jsonld.js + rdf-canonize byte for byte, or its signature fails.

Standing credentials verify (both proofs); an expired one says expired
while its proofs still verify; revoked and superseded certificates are
not exported (409); one changed character anywhere fails; another issuer
is refused; the issuer may be given as a DID document file (the did:web
form); the contexts shipped in assets/contexts/ are the published ones."""
import json
import os
import subprocess
import tempfile
import unittest

from cert_util import (B58, NODE, VC_VERIFY_RDFC, keys, rdfc_verify,
                       status_lists)
from harness import ROOT, ServerTestCase, user
from training_util import login

OTHER_DID = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"
RDFC = "eddsa-rdfc-2022"


def bump(s, i):
    """s with its i'th character replaced by another of the same kind."""
    c = s[i]
    if c in B58:
        o = B58[(B58.index(c) + 1) % len(B58)]
    elif c.isdigit():
        o = str((int(c) + 1) % 10)
    else:
        o = chr(ord(c) + 1)
    return s[:i] + o + s[i + 1:]


def did_json_file(test_class):
    """The station's /.well-known/did.json saved to a file (removed with
    the class), as a verifier keeps it: the --issuer argument."""
    r = test_class.server.client().get("/.well-known/did.json")
    assert r.status == 200, r
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    f.write(r.body.decode("utf-8"))
    f.close()
    test_class.addClassCleanup(os.unlink, f.name)
    return f.name, r.json()


class RdfcTest(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.did, cls.did_doc = did_json_file(cls)
        r = cls.staff.get("/api/v1/certs")
        assert r.status == 200, r
        cls.certs = r.json()["certificates"]
        cls.docs, cls.refused = {}, {}
        for c in cls.certs:
            r = cls.staff.get(c["credential_url"])
            if r.status == 200:
                cls.docs[c["serial"]] = json.loads(r.body.decode("utf-8"))
            else:
                cls.refused[c["serial"]] = r.status
        cls.lists = status_lists(cls.server.client())
        cls.rc, cls.results, cls.stderr = rdfc_verify(
            cls.docs, cls.did, lists=cls.lists)

    def cert(self, serial):
        return next(c for c in self.certs if c["serial"] == serial)

    def test_every_demo_credential_verifies(self):
        self.assertGreaterEqual(len(self.docs), 5, self.refused)
        self.assertEqual(set(self.results), set(self.docs), self.stderr)
        kinds, expired = set(), 0
        for serial, r in self.results.items():
            c = self.cert(serial)
            with self.subTest(serial=serial, holder=c["holder"]):
                kinds.add(c["kind"])
                self.assertEqual(
                    sorted(p["cryptosuite"] for p in r["proofs"]),
                    ["eddsa-jcs-2022", RDFC], r)
                self.assertTrue(all(p["verified"] for p in r["proofs"]), r)
                self.assertTrue(r["schema"]["valid"], r["schema"])
                if r["expired"]:
                    expired += 1
                    self.assertFalse(r["verified"], r)
                    self.assertEqual(c["status"], "expired", c)
                else:
                    self.assertTrue(r["verified"], r)
        self.assertEqual(kinds, {"course", "level", "award", "title", "guide"})
        self.assertGreaterEqual(expired, 1, "the demo's expired level")
        # The run fails as a whole while one is expired, and says so.
        self.assertEqual(self.rc, 1)

    def test_revoked_and_superseded_not_exported(self):
        standing = [c for c in self.certs if not c.get("revoked") and
                    not c.get("superseded_by")]
        self.assertEqual(set(self.docs),
                         {c["serial"] for c in standing})
        self.assertTrue(self.refused)
        self.assertEqual(set(self.refused.values()), {409})

    def valid_one(self):
        serial = next(s for s, r in self.results.items() if r["verified"])
        return serial, json.loads(json.dumps(self.docs[serial]))

    def test_one_changed_character_fails(self):
        serial, doc = self.valid_one()
        ident = doc["credentialSubject"]["identifier"][0]
        ach = doc["credentialSubject"]["achievement"]
        rdfc_at = [p["cryptosuite"] for p in doc["proof"]].index(RDFC)
        pv = doc["proof"][rdfc_at]["proofValue"]
        cases = {}

        def case(name, fn):
            d = json.loads(json.dumps(doc))
            fn(d)
            self.assertNotEqual(d, doc, name)
            cases[name] = d

        case("holder", lambda d: d["credentialSubject"]["identifier"][0]
             .update(identityHash=bump(ident["identityHash"], -1)))
        case("title", lambda d: d["credentialSubject"]["achievement"]
             .update(name=bump(ach["name"], 0)))
        case("narrative", lambda d: d["credentialSubject"]["achievement"]
             ["criteria"].update(narrative=bump(
                 ach["criteria"]["narrative"], 3)))
        case("validFrom", lambda d: d.update(
            validFrom=bump(doc["validFrom"], 15)))
        case("licenseNumber", lambda d: d["credentialSubject"].update(
            licenseNumber=bump(doc["credentialSubject"]["licenseNumber"],
                               -1)))
        case("rdfc proofValue", lambda d: d["proof"][rdfc_at].update(
            proofValue=bump(pv, len(pv) // 2)))
        case("rdfc created", lambda d: d["proof"][rdfc_at].update(
            created=bump(doc["proof"][rdfc_at]["created"], 18)))
        # The rdfc proof alone, over a changed holder: RDFC is not
        # carried by the JCS proof.
        case("rdfc alone, holder", lambda d: (
            d.update(proof=[d["proof"][rdfc_at]]),
            d["credentialSubject"]["identifier"][0].update(
                identityHash=bump(ident["identityHash"], 0))))
        rc, res, err = rdfc_verify(dict(cases, untouched=doc), self.did,
                                   lists=self.lists)
        self.assertEqual(rc, 1, err)
        self.assertTrue(res["untouched"]["verified"], res["untouched"])
        for name in cases:
            with self.subTest(change=name):
                r = res[name]
                self.assertFalse(r["verified"], r)
                bad = [p for p in r["proofs"]
                       if p["cryptosuite"] == RDFC and not p["verified"]]
                self.assertEqual(len(bad), 1, r)
        # The rdfc proof alone on the untouched credential verifies.
        alone = json.loads(json.dumps(doc))
        alone["proof"] = [alone["proof"][rdfc_at]]
        rc, res, err = rdfc_verify({"alone": alone}, self.did,
                                   lists=self.lists)
        self.assertEqual(rc, 0, (res, err))

    def test_other_issuer_refused(self):
        serial, doc = self.valid_one()
        rc, res, err = rdfc_verify({"doc": doc}, OTHER_DID,
                                   lists=self.lists)
        self.assertEqual(rc, 1, err)
        self.assertFalse(res["doc"]["verified"])

    def test_issuer_from_a_did_document_file(self):
        """The did:web form: the issuer's keys from a saved did.json; a
        document that does not list the key as an assertion method is
        refused, and so is one for another DID."""
        serial, doc = self.valid_one()
        did_doc = json.loads(json.dumps(self.did_doc))
        with tempfile.NamedTemporaryFile("w", suffix=".json",
                                         delete=False) as f:
            json.dump(did_doc, f)
        try:
            rc, res, err = rdfc_verify({"doc": doc}, f.name,
                                       lists=self.lists)
            self.assertEqual(rc, 0, (res, err))
            did_doc["assertionMethod"] = []
            with open(f.name, "w") as g:
                json.dump(did_doc, g)
            rc, res, err = rdfc_verify({"doc": doc}, f.name,
                                       lists=self.lists)
            self.assertEqual(rc, 1, (res, err))
            did_doc = json.loads(json.dumps(self.did_doc))
            did_doc["id"] = "did:web:other.example"
            with open(f.name, "w") as g:
                json.dump(did_doc, g)
            rc, res, err = rdfc_verify({"doc": doc}, f.name,
                                       lists=self.lists)
            self.assertEqual(rc, 1, (res, err))
        finally:
            os.unlink(f.name)

    def test_schema_catches_a_bad_credential(self):
        serial, doc = self.valid_one()
        del doc["credentialSubject"]["identifier"][0]["identityType"]
        rc, res, err = rdfc_verify({"doc": doc}, self.did,
                                   lists=self.lists)
        self.assertEqual(rc, 1, err)
        self.assertFalse(res["doc"]["schema"]["valid"])

    def test_shipped_contexts_are_the_published_ones(self):
        if NODE is None:
            raise unittest.SkipTest("node is not installed")
        p = subprocess.run([NODE, VC_VERIFY_RDFC, "--check-contexts"],
                           cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("SAME", p.stdout)


if __name__ == "__main__":
    unittest.main()


class RdfcStatusTest(ServerTestCase):
    """A credential exported while valid, then revoked or suspended: the
    independent verifier, holding the status lists fetched afterwards
    (our database out of the loop), reports the revocation or the
    suspension by the list's bit; reinstating clears it again."""
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.did, cls.did_doc = did_json_file(cls)

    def exported(self, n):
        certs = [c for c in self.staff.get("/api/v1/certs").json()
                 ["certificates"] if c["status"] == "valid"][:n]
        self.assertEqual(len(certs), n)
        docs = {}
        for c in certs:
            r = self.staff.get(c["credential_url"])
            self.assertEqual(r.status, 200, r)
            docs[c["serial"]] = (c, json.loads(r.body.decode("utf-8")))
        return docs

    def verify(self, docs):
        rc, res, err = rdfc_verify({s: d for s, (c, d) in docs.items()},
                                   self.did,
                                   lists=status_lists(self.server.client()))
        self.assertEqual(set(res), set(docs), err)
        return res

    def test_revoked_and_suspended_show_through_the_lists(self):
        docs = self.exported(3)
        (s_rev, (c_rev, _)), (s_sus, (c_sus, _)), (s_ok, _) = \
            sorted(docs.items())
        before = self.verify(docs)
        for s in docs:
            self.assertTrue(before[s]["verified"], before[s])
            self.assertEqual(before[s]["status"]["revocation"], False)
            self.assertEqual(before[s]["status"]["suspension"], False)
        r = self.staff.post("/api/v1/certs/%d/revoke" % c_rev["id"],
                                 {"reason": "伪造材料"})
        self.assertEqual(r.status, 200, r)
        r = self.staff.post("/api/v1/certs/%d/suspend" % c_sus["id"],
                                 {"reason": "核查中"})
        self.assertEqual(r.status, 200, r)
        after = self.verify(docs)
        self.assertEqual((after[s_rev]["status"]["revocation"],
                          after[s_rev]["status"]["suspension"]),
                         (True, False), after[s_rev])
        self.assertFalse(after[s_rev]["verified"])
        self.assertEqual((after[s_sus]["status"]["revocation"],
                          after[s_sus]["status"]["suspension"]),
                         (False, True), after[s_sus])
        self.assertFalse(after[s_sus]["verified"])
        self.assertTrue(after[s_ok]["verified"], after[s_ok])
        # The proofs themselves still hold: only the status changed.
        self.assertTrue(all(p["verified"] for p in after[s_sus]["proofs"]))
        r = self.staff.post("/api/v1/certs/%d/reinstate" %
                                 c_sus["id"], {"reason": "核查无误"})
        self.assertEqual(r.status, 200, r)
        again = self.verify(docs)
        self.assertTrue(again[s_sus]["verified"], again[s_sus])
        self.assertFalse(again[s_rev]["verified"])
