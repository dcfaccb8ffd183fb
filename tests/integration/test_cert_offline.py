"""Offline verification: `yujiang-admin verify 'SCANNED TEXT'` accepts a
real scan (decoded by zbarimg from the certificate's PNG) and prints its
claims, and rejects every one-character substitution (each position
once, by another character of the same class) and deletions; with
`--key` it checks against a given public key (the did:key or base64url
/api/v1/keys publishes), and a wrong key fails."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from cert_util import (admin, b64u_encode, graduates, issue_ok, keys,
                       parse_qr, zbar_file)
from harness import ADMIN, ROOT, ServerTestCase, user
from training_util import login, new_apprentice, new_master

# RFC 8032 test vector 1's public key: a valid Ed25519 key, not ours.
OTHER_PK = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a"
                         "0ee172f3daa62325af021a68f707511a")
OTHER_DID = "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw"

DIGITS = "0123456789"
LOWER = "abcdefghijklmnopqrstuvwxyz"
UPPER = LOWER.upper()
PUNCT = "-_./:#?=&"


def substitute(ch):
    """Another character of ch's class (the next one, wrapping)."""
    for cls in (DIGITS, LOWER, UPPER, PUNCT):
        if ch in cls:
            return cls[(cls.index(ch) + 1) % len(cls)]
    return "x" if ch != "x" else "y"


class OfflineVerifyTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def setUp(self):
        p = subprocess.run([ADMIN], capture_output=True, text=True,
                           cwd=ROOT)
        if "verify" not in p.stdout + p.stderr:
            self.skipTest("yujiang-admin has no verify command yet: %s" %
                          (p.stdout + p.stderr).strip())

    _scans = {}

    def scan(self, kind):
        """(certificate, scanned text) of a course or a level certificate
        issued once for the class."""
        if kind not in self._scans:
            if kind == "course":
                run, people, events = graduates(
                    self, self.server, self.staff, self.teacher.id, 1,
                    "黄小龙")
                c = issue_ok(self, self.staff, events[people[0].id], "zh")
            else:
                a = new_apprentice(self.server, "张小敏")
                r = self.staff.post("/api/v1/people/%d/level" % a.id,
                                    {"level": 3, "evidence": "考核 88 分"})
                self.assertEqual(r.status, 200, r)
                ev = "level:%s" % self.server.sql(
                    "SELECT max(id) FROM skill_levels WHERE user = ?1",
                    a.id)[0][0]
                c = issue_ok(self, self.staff, ev, "both")
                self.assertEqual(c["kind"], "level")
                self.assertEqual(c["level"], 6 - 3)     # ladder 3 = 三级
                self.assertEqual(c["serial"][16], "3")
            # The picture as drawn into the data directory (its download
            # is test_cert_roundtrip's).
            text = zbar_file(os.path.join(self.server.dir, "certificates",
                                          c["serial"] + ".png"))
            self.assertEqual(text, c["qr"])
            self._scans[kind] = (c, text)
        return self._scans[kind]

    def verify(self, text, *extra, d=None):
        args = ["verify"] + list(extra) + [text]
        if d is None:
            return admin(self.server, *args)
        return subprocess.run([ADMIN, "-d", d] + args, cwd=ROOT,
                              capture_output=True, text=True, timeout=30)

    def test_accepts_the_scan_and_prints_claims(self):
        for kind in ("course", "level"):
            with self.subTest(kind=kind):
                c, text = self.scan(kind)
                p = self.verify(text)
                self.assertEqual(p.returncode, 0, p)
                out = p.stdout
                self.assertIn("valid signature", out)
                for v in (c["holder"], c["serial"], c["code"], c["issued"],
                          self.server.base):
                    self.assertIn(v, out)
                if c["expires"]:
                    self.assertIn(c["expires"], out)

    def test_keys_command_matches_api(self):
        p = admin(self.server, "keys")
        self.assertEqual(p.returncode, 0, p)
        k = keys(self.client())["keys"][0]
        self.assertIn(k["public_key"], p.stdout)
        self.assertIn(k["did"], p.stdout)
        self.assertTrue(k["did"].startswith("did:key:z6Mk"), k)
        self.assertEqual(k["alg"], "Ed25519")

    def test_key_file_is_private(self):
        keydir = os.path.join(self.server.dir, "keys")
        key = os.path.join(keydir, "ed25519.key")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(keydir).st_mode & 0o777, 0o700)
        with open(key) as f:
            seed = f.read().strip()
        self.assertRegex(seed, r"^[0-9a-f]{64}$")
        # Nothing served or printed holds the seed.
        k = keys(self.client())
        for path in ("/keys/ed25519.key", "/api/v1/keys/ed25519.key",
                     "/assets/../keys/ed25519.key"):
            r = self.client().get(path)
            self.assertNotEqual(r.status, 200, path)
            self.assertNotIn(seed, r.text)
        self.assertNotIn(seed, json.dumps(k))
        self.assertNotIn(seed, admin(self.server, "keys").stdout)
        c, text = self.scan("course")
        self.assertNotIn(seed, admin(self.server, "verify", text).stdout)

    def test_with_a_given_key(self):
        c, text = self.scan("course")
        k = keys(self.client())["keys"][0]
        for key in (k["did"], k["public_key"]):
            with self.subTest(key=key):
                p = self.verify(text, "--key", key)
                self.assertEqual(p.returncode, 0, p)
                self.assertIn("valid signature", p.stdout)
                self.assertIn(c["holder"], p.stdout)
        # Only the public key: a data directory with no key of its own.
        empty = tempfile.mkdtemp(prefix="yj-it-nokey.")
        try:
            p = self.verify(text, "--key", k["did"], d=empty)
            self.assertEqual(p.returncode, 0, p)
            self.assertIn(c["holder"], p.stdout)
            p = self.verify(text, "--key", b64u_encode(OTHER_PK), d=empty)
            self.assertNotEqual(p.returncode, 0, p)
        finally:
            shutil.rmtree(empty, ignore_errors=True)
        # A wrong key, however given, fails.
        for key in (OTHER_DID, b64u_encode(OTHER_PK), "not-a-key",
                    k["public_key"][:-2], "did:key:z6Mk"):
            with self.subTest(wrong_key=key):
                p = self.verify(text, "--key", key)
                self.assertNotEqual(p.returncode, 0, p)
                self.assertNotIn("valid signature", p.stdout)

    def test_url_is_bound_to_the_signature(self):
        """Our own, valid signature under another certificate's URL."""
        (a, ta), (b, tb) = self.scan("course"), self.scan("level")
        ua, _, fa = ta.partition("#")
        ub, _, fb = tb.partition("#")
        for text in (ub + "#" + fa, ua + "#" + fb,
                     ua.replace("/v/", "/v//") + "#" + fa,
                     ua.replace("http://", "https://") + "#" + fa,
                     ua + "/#" + fa, ua + "?x=1#" + fa,
                     ua + "#" + fa + ".", ua + "#" + fa + "x",
                     ua, "#" + fa, ua + "#", ""):
            with self.subTest(text=text[:80]):
                p = self.verify(text)
                self.assertNotEqual(p.returncode, 0, p)

    def test_every_mutation_is_rejected(self):
        c, text = self.scan("level")
        url, body, sig, claims = parse_qr(text)
        # Time one run to size the search.
        t0 = time.time()
        for _ in range(3):
            p = self.verify(text)
            self.assertEqual(p.returncode, 0, p)
        one = (time.time() - t0) / 3
        workers = max(2, min(16, os.cpu_count() or 2))
        subs = [(i, text[:i] + substitute(text[i]) + text[i + 1:])
                for i in range(len(text))]
        for i, m in subs:
            self.assertNotEqual(m, text)
        budget = 90.0       # seconds of wall time for the deletions
        all_del = one * len(text) / workers < budget
        step = 1 if all_del else max(1, int(len(text) * one /
                                            workers / budget) + 1)
        dels = [(i, text[:i] + text[i + 1:])
                for i in range(0, len(text), step)]
        if not all_del:
            dels += [(i, text[:i] + text[i + 1:])
                     for i in range(len(text) - 3, len(text))]

        def run(item):
            i, m = item
            p = self.verify(m)
            return i, m, p.returncode, p.stdout, p.stderr

        accepted = []
        t0 = time.time()
        with ThreadPoolExecutor(workers) as ex:
            for kind, items in (("substitution", subs), ("deletion", dels)):
                for i, m, rc, out, err in ex.map(run, items):
                    if rc == 0:
                        accepted.append((kind, i, text[i], m, out))
                    elif rc < 0:
                        accepted.append((kind, i, text[i], m,
                                         "killed by signal %d" % -rc))
        took = time.time() - t0
        print("\n    offline verify: %.1f ms a run; %d substitutions "
              "(every position) and %d deletions%s checked in %.1fs" % (
                  one * 1000, len(subs), len(dels),
                  " (every position)" if all_del else
                  " (every %dth position)" % step, took))
        self.assertEqual(accepted, [],
                         "mutated QR texts accepted (kind, position, "
                         "original char, text, output):\n" + "\n".join(
                             repr(a) for a in accepted[:20]))


if __name__ == "__main__":
    unittest.main()
