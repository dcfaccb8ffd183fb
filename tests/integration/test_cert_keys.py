"""The station's keys (issue 14, items 4 and 5): the did:web document at
/.well-known/did.json, /api/v1/keys with each key's state, rotation by
`yujiang-admin keys rotate` with everything signed before still
verifying (the verify page, the QR through `yujiang-admin verify`, the
credential through the independent tests/vc/verify.mjs), and the
signing process: it alone holds the private keys (the workers' memory is
searched for them), under its own seccomp filter, chrooted into keys/;
when it dies the server stops, saying why."""
import json
import os
import re
import signal
import tempfile
import time

from cert_util import (admin, b64u_decode, eddsa_jcs_2022_verify, graduates,
                       issue_ok, keys, node_verify, parse_qr, verdict)
from harness import ServerTestCase, user
from training_util import login, new_apprentice, new_master

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58_encode(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return "1" * (len(b) - len(b.lstrip(b"\0"))) + out


def multikey(pk):
    return "z" + b58_encode(b"\xed\x01" + pk)


def key_files(server):
    """{file name: seed bytes} of the data directory's signing keys in
    keys/ (read as root, as the test runs). realname.key beside them is
    the identity check's HMAC secret, which workers use by design."""
    d = os.path.join(server.dir, "keys")
    out = {}
    for name in os.listdir(d):
        if name.startswith("ed25519") and name.endswith(".key"):
            with open(os.path.join(d, name)) as f:
                out[name] = bytes.fromhex(f.read().strip())
    return out


def memory_holds(pid, needles):
    """The needles (bytes) found anywhere in the readable memory of
    process pid: heap, stacks, the module's data, every mapping."""
    found = set()
    with open("/proc/%d/maps" % pid) as maps, \
            open("/proc/%d/mem" % pid, "rb", 0) as mem:
        for line in maps:
            parts = line.split()
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            name = parts[5] if len(parts) > 5 else ""
            if parts[1][0] != "r" or name in ("[vvar]", "[vsyscall]"):
                continue
            try:
                mem.seek(lo)
                chunk = mem.read(hi - lo)
            except (OSError, ValueError, OverflowError):
                continue
            for n in needles:
                if n in chunk:
                    found.add(n)
    return found


class KeysTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def did(self):
        return "did:web:127.0.0.1%%3A%d" % self.server.port

    def did_document(self):
        r = self.client().get("/.well-known/did.json")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("content-type").startswith(
            "application/json"), r.headers)
        return r.json()

    def level_cert(self, name):
        holder = new_apprentice(self.server, name)
        r = self.staff.post("/api/v1/people/%d/level" % holder.id,
                            {"level": 3, "evidence": "考核 88 分"})
        self.assertEqual(r.status, 200, r)
        ev = "level:%s" % self.server.sql(
            "SELECT max(id) FROM skill_levels WHERE user = ?1",
            holder.id)[0][0]
        return holder, issue_ok(self, self.staff, ev, "zh")

    def credential(self, who, c):
        r = who.get(c["credential_url"])
        self.assertEqual(r.status, 200, r)
        return json.loads(r.body.decode("utf-8"))

    def saved(self, obj):
        """A temporary .json file holding obj (removed at cleanup)."""
        with tempfile.NamedTemporaryFile("w", suffix=".json",
                                         delete=False) as f:
            json.dump(obj, f, ensure_ascii=False)
        self.addCleanup(os.unlink, f.name)
        return f.name

    def node(self, doc, did_doc):
        return node_verify(self.saved(doc), self.saved(did_doc))

    def assert_verify_page(self, c, status="valid"):
        r = self.client().get("/v/%s" % c["code"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(verdict(r.text)["status"], status)

    def assert_admin_verify(self, qr, kid, *key):
        p = admin(self.server, "verify", *(("--key",) + key if key else ()),
                  qr)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("valid signature", p.stdout)
        self.assertIn("key      %s" % kid, p.stdout)

    # -- did:web --------------------------------------------------------

    def test_did_document_shape(self):
        doc = self.did_document()
        did = self.did()
        listing = keys(self.client())
        self.assertEqual(listing["did"], did)
        self.assertEqual(listing["issuer"]["did"], did)
        self.assertEqual(listing["did_document"],
                         self.server.base + "/.well-known/did.json")
        self.assertEqual(doc["id"], did)
        self.assertEqual(doc["@context"][:2], [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1"])
        by_id = {m["id"]: m for m in doc["verificationMethod"]}
        self.assertEqual(len(by_id), len(listing["keys"]))
        for k in listing["keys"]:
            vm = "%s#%s" % (did, k["kid"])
            self.assertEqual(k["verification_method"], vm)
            m = by_id[vm]
            self.assertEqual(m["type"], "Multikey")
            self.assertEqual(m["controller"], did)
            self.assertTrue(m["publicKeyMultibase"].startswith("z6Mk"))
            self.assertEqual(m["publicKeyMultibase"],
                             multikey(b64u_decode(k["public_key"])))
            self.assertEqual(m["publicKeyMultibase"],
                             k["public_key_multibase"])
            self.assertIn(vm, doc["assertionMethod"])
        # No session cookie for a public document.
        r = self.client().get("/.well-known/did.json")
        self.assertIsNone(r.header("set-cookie"))

    # -- rotation -------------------------------------------------------

    def test_rotation_keeps_what_was_signed_verifying(self):
        before = keys(self.client())["keys"]
        self.assertEqual([k["state"] for k in before], ["active"] *
                         len(before[:1]) + ["retired"] * (len(before) - 1))
        kid1 = before[0]["kid"]
        old_holder, old = self.level_cert("旧钥匙")
        old_qr = old["qr"]
        self.assertEqual(parse_qr(old_qr)[3]["kid"], kid1)
        old_vc = self.credential(old_holder, old)
        old_did_doc = self.did_document()
        self.assertEqual(old_vc["issuer"]["id"], self.did())
        self.assertEqual(old_vc["proof"][0]["verificationMethod"],
                         "%s#%s" % (self.did(), kid1))
        rc, out = self.node(old_vc, old_did_doc)
        self.assertEqual(rc, 0, out)

        p = admin(self.server, "keys", "rotate")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        m = re.search(r"active\s+([0-9a-f]{16})", p.stdout)
        self.assertIsNotNone(m, p.stdout)
        kid2 = m.group(1)
        self.assertNotEqual(kid2, kid1)
        self.assertIn("retired  %s" % kid1, p.stdout)

        # /api/v1/keys: the new key active and first, the old retired
        # with its date; the admin tool lists the same.
        after = keys(self.client())["keys"]
        self.assertEqual([(k["kid"], k["state"]) for k in after[:2]],
                         [(kid2, "active"), (kid1, "retired")])
        self.assertIsNone(after[0]["retired"])
        self.assertRegex(after[1]["retired"],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(after[1]["retired"], after[0]["created"])
        listed = admin(self.server, "keys").stdout
        self.assertEqual(re.findall(r"kid\s+(\w+)", listed),
                         [k["kid"] for k in after])
        self.assertIn("state    retired", listed)

        # The DID document: both keys, both assertion methods, the
        # retired one with its retirement date.
        doc = self.did_document()
        by_id = {m["id"]: m for m in doc["verificationMethod"]}
        vm1, vm2 = ("%s#%s" % (self.did(), k) for k in (kid1, kid2))
        self.assertEqual(by_id[vm1]["retired"], after[1]["retired"])
        self.assertNotIn("retired", by_id[vm2])
        self.assertIn(vm1, doc["assertionMethod"])
        self.assertIn(vm2, doc["assertionMethod"])

        # What the old key signed still verifies: the verify page, the
        # QR offline (the station's keys, the DID document's, the old
        # key alone), the credential downloaded before, against the new
        # DID document.
        self.assert_verify_page(old)
        self.assert_admin_verify(old_qr, kid1)
        self.assert_admin_verify(old_qr, kid1, self.saved(doc))
        self.assert_admin_verify(old_qr, kid1, before[0]["did"])
        p = admin(self.server, "verify", old_qr)
        self.assertIn("retired", p.stdout)
        rc, out = self.node(old_vc, doc)
        self.assertEqual(rc, 0, out)
        self.assertTrue(eddsa_jcs_2022_verify(
            old_vc, b64u_decode(before[0]["public_key"])))

        # What is signed now is the new key's: the QR names it (the old
        # key alone does not verify it), the credential's proof too
        # (the DID document from before the rotation does not list it).
        new_holder, new = self.level_cert("新钥匙")
        self.assertEqual(parse_qr(new["qr"])[3]["kid"], kid2)
        self.assert_admin_verify(new["qr"], kid2)
        p = admin(self.server, "verify", "--key", before[0]["did"],
                  new["qr"])
        self.assertEqual(p.returncode, 1, p.stdout)
        self.assertIn("signed with a key this station does not have",
                      p.stdout)
        self.assert_verify_page(new)
        new_vc = self.credential(new_holder, new)
        self.assertEqual(new_vc["proof"][0]["verificationMethod"], vm2)
        rc, out = self.node(new_vc, doc)
        self.assertEqual(rc, 0, out)
        rc, out = self.node(new_vc, old_did_doc)
        self.assertEqual(rc, 1, out)
        self.assertIn("does not list", out)
        self.assertTrue(eddsa_jcs_2022_verify(
            new_vc, b64u_decode(after[0]["public_key"])))
        # The old certificate's credential, exported now, is signed by
        # the active key (its QR's signature by the old one was checked
        # on the way).
        again = self.credential(old_holder, old)
        self.assertEqual(again["proof"][0]["verificationMethod"], vm2)
        rc, out = self.node(again, doc)
        self.assertEqual(rc, 0, out)

        # A second rotation: three keys, everything still verifies.
        p = admin(self.server, "keys", "rotate")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        states = [k["state"] for k in keys(self.client())["keys"]]
        self.assertEqual(states[0], "active")
        self.assertEqual(states.count("active"), 1)
        self.assertGreaterEqual(states.count("retired"), 2)
        self.assert_admin_verify(old_qr, kid1)
        self.assert_admin_verify(new["qr"], kid2)
        self.assert_verify_page(old)
        self.assert_verify_page(new)
        with open(os.path.join(self.server.dir, "keys", "state")) as f:
            lines = [x.split() for x in f if not x.startswith("#")]
        self.assertEqual([x[3] == "-" for x in lines].count(True), 1)
        self.assertTrue(all(len(x) == 4 for x in lines), lines)

    # -- the keys' files and the signing process -------------------------

    def test_keys_directory_is_private(self):
        d = os.path.join(self.server.dir, "keys")
        self.assertEqual(os.stat(d).st_mode & 0o777, 0o700)
        for name in os.listdir(d):
            st = os.stat(os.path.join(d, name))
            self.assertEqual(st.st_mode & 0o777, 0o600, name)
        self.assertIn("state", os.listdir(d))

    def test_workers_hold_no_private_key(self):
        """The seeds (and their hex text, as the key files hold them)
        are in the signing process's memory and in no worker's, after
        the workers have signed (issuing, a credential)."""
        holder, c = self.level_cert("内存")
        self.credential(holder, c)
        seeds = key_files(self.server)
        self.assertTrue(seeds)
        needles = set()
        for seed in seeds.values():
            needles |= {seed, seed.hex().encode()}
        signer = self.server.signer_pid()
        self.assertIsNotNone(signer, "no signing process")
        workers = self.server.worker_pids()
        self.assertEqual(len(workers), self.server.workers)
        for pid in workers:
            with self.subTest(worker=pid):
                self.assertEqual(memory_holds(pid, needles), set(),
                                 "a private key in worker %d's memory" %
                                 pid)
                # Nor a file of keys/ open.
                for fd in os.listdir("/proc/%d/fd" % pid):
                    try:
                        target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
                    except OSError:
                        continue
                    self.assertNotIn("/keys", target)
        # The search does find a key where it is: the active one's seed
        # in the signing process.
        active = [k for k in keys(self.client())["keys"]
                  if k["state"] == "active"][0]["kid"]
        with open(os.path.join(self.server.dir, "keys", "state")) as f:
            name = [x.split()[1] for x in f if x.startswith(active)][0]
        self.assertIn(seeds[name], memory_holds(signer, {seeds[name]}))
        # The parent never read one either (the workers are its forks).
        self.assertEqual(memory_holds(self.server.parent_pid(), needles),
                         set())

    def test_signing_process_is_sandboxed(self):
        pid = self.server.signer_pid()
        self.assertIsNotNone(pid)
        with open("/proc/%d/status" % pid) as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        self.assertEqual(status["Seccomp"].strip(), "2")
        self.assertEqual(status["NoNewPrivs"].strip(), "1")
        if os.geteuid() == 0:
            self.assertEqual(os.readlink("/proc/%d/root" % pid),
                             os.path.realpath(os.path.join(
                                 self.server.dir, "keys")))
        # Its descriptors: stdin/out/err and one socket per worker,
        # nothing of Kore's (no listener, no message channel).
        fds = [os.readlink("/proc/%d/fd/%s" % (pid, fd))
               for fd in os.listdir("/proc/%d/fd" % pid)]
        sockets = [x for x in fds if x.startswith("socket:")]
        self.assertEqual(len(sockets), self.server.workers, fds)
        self.assertLessEqual(len(fds), 3 + self.server.workers, fds)


class SignerDeathTest(ServerTestCase):
    """When the signing process dies the server does not go on unable
    to issue: the workers notice within a second, log why and stop it."""
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def tearDownClass(cls):
        cls.server.stop(check=False)

    def test_server_stops_when_the_signer_dies(self):
        self.assertEqual(self.client().get("/.well-known/did.json").status,
                         200)
        pid = self.server.signer_pid()
        self.assertIsNotNone(pid)
        os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 10
        while time.time() < deadline and self.server.proc.poll() is None:
            time.sleep(0.05)
        self.assertIsNotNone(self.server.proc.poll(),
                             "kore still runs without its signing process")
        log = self.server.read_log()
        self.assertIn("the signing process is gone; stopping the server",
                      log)
        self.assertIn("goodbye", log)


if __name__ == "__main__":
    import unittest
    unittest.main()
