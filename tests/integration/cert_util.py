"""Shared helpers of the certificate integration tests (test_cert_*.py):
graduates made through the real run desk, issuing through the API,
reading the public verify page, scanning PNGs with the real `zbarimg`,
the offline admin tool, and an independent Ed25519 / eddsa-jcs-2022
check in pure Python (RFC 8032's reference code, JCS as RFC 8785 does it
for the strings and integers a certificate holds), so that what the
server signs is checked by code it does not share.

Standard library only, plus the `zbarimg` and `node` programs."""
import base64
import datetime
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from entry_util import create_run
from harness import ADMIN, ROOT
from training_util import check_identity, new_apprentices

ZBARIMG = shutil.which("zbarimg")
NODE = shutil.which("node")
VC_VERIFY = os.path.join(ROOT, "tests", "vc", "verify.mjs")
VC_VERIFY_RDFC = os.path.join(ROOT, "tests", "vc", "verify-rdfc.mjs")

CODE_RE = re.compile(r"^[0-9a-hjkmnp-tv-z]{16}$")
# P 000001 440605 1 YY L NNNNN
SERIAL_RE = re.compile(r"^P0000014406051(\d\d)([0-5])(\d{5})$")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# JB101: 8 sessions, 75% attendance, pass mark 60 (test_entry_desk.py).
JB101_SESSIONS = 8


def china_now():
    return datetime.datetime.now(datetime.timezone(
        datetime.timedelta(hours=8)))


def china_today():
    return china_now().strftime("%Y-%m-%d")


# -- making events -----------------------------------------------------------

def graduate_run(test, staff, instructor_id, people, score=85, code="JB101",
                 check=True):
    """A run of `code` taught by instructor_id in which every Person of
    people enrols, attends every session and passes (staff take the
    register and record the results). With check, staff first check
    each one's identity (certificates need it). Returns the run id."""
    run = create_run(staff.client, code, capacity=max(len(people), 1),
                     instructor=instructor_id)["id"]
    for p in people if check else ():
        check_identity(staff, p.id, p.name)

    def enrol(p):
        return p.post("/api/v1/runs/%d/enrol" % run)

    with ThreadPoolExecutor(8) as ex:
        for p, r in zip(people, ex.map(enrol, people)):
            test.assertEqual(r.status, 201, (p.name, r))
    ids = [p.id for p in people]
    for s in range(1, JB101_SESSIONS + 1):
        r = staff.post("/api/v1/runs/%d/attendance" % run,
                       {"session": s, "present": ids})
        test.assertEqual(r.status, 200, r)
    for p in people:
        r = staff.post("/api/v1/runs/%d/result" % run,
                       {"user": p.id, "score": score})
        test.assertEqual(r.status, 200, r)
        test.assertEqual(r.json()["result"],
                         "passed" if score >= 60 else "failed")
    return run


def completion_event(server, user_id, run):
    """"completion:<id>" of user's completion of run (from the database:
    the tests then check the pending list says the same)."""
    rows = server.sql("SELECT id FROM completions WHERE user = ?1 AND "
                      "run = ?2", user_id, run)
    if len(rows) != 1:
        raise AssertionError("completions of %d in run %d: %r" %
                             (user_id, run, rows))
    return "completion:%s" % rows[0][0]


def graduates(test, server, staff, instructor_id, n, prefix="毕业生"):
    """n new apprentices who passed one new JB101 run: (run, people,
    {person id: event})."""
    people = new_apprentices(server, n, prefix=prefix)
    run = graduate_run(test, staff, instructor_id, people)
    events = {p.id: completion_event(server, p.id, run) for p in people}
    return run, people, events


def pending(staff):
    """Staff's pending list: {event: entry}."""
    r = staff.get("/api/v1/certs")
    if r.status != 200:
        raise AssertionError("GET /api/v1/certs: %r" % r)
    return {e["event"]: e for e in r.json()["pending"]}


def issue(staff, event, lang=None, check=True):
    """POST /api/v1/certs. With check, the holder's identity is checked
    first through the staff route (a certificate needs it), the holder
    found on staff's pending list."""
    if check:
        p = pending(staff).get(event)
        if p is not None:
            check_identity(staff, p["user"], p["name"])
    body = {"event": event}
    if lang is not None:
        body["lang"] = lang
    return staff.post("/api/v1/certs", body)


def issue_ok(test, staff, event, lang=None):
    r = issue(staff, event, lang)
    test.assertEqual(r.status, 201, (event, r))
    return r.json()["certificate"]


def cert_api(who, cid):
    r = who.get("/api/v1/certs/%d" % cid)
    if r.status != 200:
        raise AssertionError("GET /api/v1/certs/%d: %r" % (cid, r))
    return r.json()["certificate"]


def verify_api(client, code):
    return client.get("/api/v1/verify/%s" % code)


# -- the verify page ---------------------------------------------------------

def verdict(text):
    """What the public verify page says: {status, cls, holder, serial,
    earned, reason, superseded_by} (None for what is not on it; HTML
    entities decoded)."""
    out = {}
    m = re.search(r'<div class="verdict ([a-z_]+)" id="verdict" '
                  r'data-status="([a-z_]+)">', text)
    out["cls"], out["status"] = (m.group(1), m.group(2)) if m else \
        (None, None)
    for key, pat in (("holder", r'<dd id="holder">(.*?)</dd>'),
                     ("serial", r'<dd id="serial">(.*?)</dd>'),
                     ("earned", r'<dd id="earned">(.*?)</dd>'),
                     ("reason", r'<p id="revoked-reason">(.*?)</p>'),
                     ("superseded_by",
                      r'<a id="superseded-by" href="([^"]*)"')):
        m = re.search(pat, text, re.S)
        out[key] = html.unescape(m.group(1)) if m else None
    return out


def url_path(test, url, base):
    """The path a browser requests for a scanned URL: on base, the
    fragment stripped (never sent)."""
    test.assertTrue(url.startswith(base + "/"), (url, base))
    return url[len(base):].split("#", 1)[0]


# -- the QR text -------------------------------------------------------------

def b64u_decode(s):
    if not re.fullmatch(r"[A-Za-z0-9_-]*", s):
        raise ValueError("not base64url: %r" % s)
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64u_encode(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def parse_qr(text):
    """(url, claims bytes, signature bytes, claims dict) of a QR text."""
    url, _, frag = text.partition("#")
    body, _, sig = frag.partition(".")
    claims = b64u_decode(body)
    return url, claims, b64u_decode(sig), json.loads(claims.decode("utf-8"))


def zbar(png, suffix=".png"):
    """The text of the one QR code in PNG bytes, by the real zbarimg."""
    if ZBARIMG is None:
        raise unittest.SkipTest("zbarimg is not installed")
    with tempfile.NamedTemporaryFile(suffix=suffix) as f:
        f.write(png)
        f.flush()
        # QR codes only, as a phone's scanner: zbar's other symbologies
        # can misread the artwork as a barcode.
        p = subprocess.run([ZBARIMG, "--raw", "-q", "--set", "*.enable=0",
                            "--set", "qrcode.enable=1", f.name],
                           capture_output=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("zbarimg found no code (%d): %r" %
                             (p.returncode, p.stderr[:300]))
    out = p.stdout.decode("utf-8")
    if out.endswith("\n"):
        out = out[:-1]
    # The same symbol reported twice is one code; two texts are not.
    if len(set(out.split("\n"))) > 1:
        raise AssertionError("more than one code: %r" % out)
    return out.split("\n")[0]


def zbar_file(path):
    with open(path, "rb") as f:
        return zbar(f.read())


def admin(server, *args, timeout=30):
    """yujiang-admin -d DIR args...: the CompletedProcess (text)."""
    return subprocess.run([ADMIN, "-d", server.dir] + list(args), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env=server.env)


def keys(client):
    r = client.get("/api/v1/keys")
    if r.status != 200:
        raise AssertionError("GET /api/v1/keys: %r" % r)
    return r.json()


# -- Ed25519, RFC 8032 section 6 (verification only) -------------------------

_P = 2 ** 255 - 19
_D = -121665 * pow(121666, _P - 2, _P) % _P
_Q = 2 ** 252 + 27742317777372353535851937790883648493
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(P, Q):
    A = (P[1] - P[0]) * (Q[1] - Q[0]) % _P
    B = (P[1] + P[0]) * (Q[1] + Q[0]) % _P
    C = 2 * P[3] * Q[3] * _D % _P
    D = 2 * P[2] * Q[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F, G * H, F * G, E * H)


def _mul(s, P):
    Q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            Q = _add(Q, P)
        P = _add(P, P)
        s >>= 1
    return Q


def _equal(P, Q):
    return (P[0] * Q[2] - Q[0] * P[2]) % _P == 0 and \
        (P[1] * Q[2] - Q[1] * P[2]) % _P == 0


def _recover_x(y, sign):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    if x2 % _P == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def ed25519_verify(public, msg, sig):
    """True when sig is a valid Ed25519 signature of msg by public."""
    if len(public) != 32 or len(sig) != 64:
        return False
    A = _decompress(public)
    R = _decompress(sig[:32])
    if A is None or R is None:
        return False
    s = int.from_bytes(sig[32:], "little")
    if s >= _Q:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + public + msg).digest(),
                       "little") % _Q
    return _equal(_mul(s, _G), _add(R, _mul(h, A)))


# -- base58btc, did:key, JCS, eddsa-jcs-2022 ----------------------------------

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58_decode(s):
    n = 0
    for ch in s:
        n = n * 58 + B58.index(ch)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(s) - len(s.lstrip("1"))
    return b"\0" * pad + body


def b58_encode(b):
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def did_key(pk):
    """did:key:z6Mk… of an Ed25519 public key (multicodec 0xed 0x01)."""
    return "did:key:z" + b58_encode(b"\xed\x01" + pk)


def jcs(obj):
    """RFC 8785 for what a credential holds (strings, integers, booleans,
    null, arrays, objects): keys sorted by UTF-16 code units, no
    whitespace, minimal escapes."""
    if isinstance(obj, dict):
        keys_ = sorted(obj, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(jcs(k) + ":" + jcs(obj[k])
                              for k in keys_) + "}"
    if isinstance(obj, list):
        return "[" + ",".join(jcs(v) for v in obj) + "]"
    if isinstance(obj, float):
        raise ValueError("no real numbers in a credential: %r" % obj)
    return json.dumps(obj, ensure_ascii=False)


def eddsa_jcs_2022_verify(doc, pk):
    """Check doc's DataIntegrityProof (cryptosuite eddsa-jcs-2022) with
    the 32-byte public key pk, as the W3C spec says: JCS of the proof
    options (without proofValue, with the document's @context), JCS of
    the document without proof, SHA-256 of each, concatenated, Ed25519.
    """
    doc = json.loads(json.dumps(doc))
    proofs = doc.pop("proof", None)
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or \
            not all(isinstance(p, dict) for p in proofs):
        return False
    # A proof set: each proof is over the document without any proof;
    # every eddsa-jcs-2022 one must verify (eddsa-rdfc-2022 ones are
    # tests/vc/verify-rdfc.mjs's).
    mine = [p for p in proofs if p.get("cryptosuite") == "eddsa-jcs-2022"]
    return bool(mine) and all(_jcs_proof_verify(doc, p, pk) for p in mine)


def _jcs_proof_verify(doc, proof, pk):
    """One eddsa-jcs-2022 proof over doc (already without its proofs)."""
    proof = dict(proof)
    pv = proof.pop("proofValue", None)
    if not isinstance(pv, str) or not pv.startswith("z"):
        return False
    try:
        sig = b58_decode(pv[1:])
    except ValueError:
        return False
    if "@context" in doc:
        proof["@context"] = doc["@context"]
    data = hashlib.sha256(jcs(proof).encode()).digest() + \
        hashlib.sha256(jcs(doc).encode()).digest()
    return ed25519_verify(pk, data, sig)


def node_verify(path, key):
    """(exit status, output) of tests/vc/verify.mjs FILE KEY; SkipTest
    while it (or node) is missing."""
    if NODE is None:
        raise unittest.SkipTest("node is not installed")
    if not os.path.exists(VC_VERIFY):
        raise unittest.SkipTest("tests/vc/verify.mjs does not exist yet "
                                "(another engineer is writing it)")
    p = subprocess.run([NODE, VC_VERIFY, path, key], cwd=ROOT,
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def status_lists(client):
    """{URL: body} of the server's two signed status list credentials,
    as a verifier holding them offline would pass them (--doc)."""
    out = {}
    for purpose in ("revocation", "suspension"):
        r = client.get("/status/" + purpose)
        if r.status != 200:
            raise AssertionError("GET /status/%s: %r" % (purpose, r))
        out[r.json()["id"]] = r.body.decode("utf-8")
    return out


def rdfc_verify(docs, issuer, *args, lists=None):
    """Run tests/vc/verify-rdfc.mjs (digitalbazaar's verifier, both
    proofs, the status lists, and the OB 3.0 JSON Schema) on docs, a
    {name: credential} dict, with the pinned issuer (a did:key or a
    did.json path) and lists ({URL: status list credential}, see
    status_lists()): (exit status, {name: its result}, stderr). SkipTest
    without node."""
    if NODE is None:
        raise unittest.SkipTest("node is not installed")
    with tempfile.TemporaryDirectory() as d:
        args = list(args)
        for i, (url, body) in enumerate(sorted((lists or {}).items())):
            path = os.path.join(d, "list-%d.json" % i)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            args += ["--doc", "%s=%s" % (url, path)]
        paths = []
        for name, doc in docs.items():
            paths.append(os.path.join(d, name + ".json"))
            with open(paths[-1], "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, indent=2)
        p = subprocess.run([NODE, VC_VERIFY_RDFC, "--issuer", issuer] +
                           list(args) + paths, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    out = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        out[r["file"][:-len(".json")]] = r
    return p.returncode, out, p.stderr


# -- batches -----------------------------------------------------------------

def wait_batch(test, staff, bid, timeout=180):
    """Poll /api/v1/batches/<bid> until done; the batch object."""
    deadline = time.time() + timeout
    delay = 0.05
    while True:
        r = staff.get("/api/v1/batches/%d" % bid)
        test.assertEqual(r.status, 200, r)
        b = r.json()["batch"]
        if b["status"] == "done":
            return b
        test.assertEqual(b["status"], "running", b)
        if time.time() > deadline:
            test.fail("batch %d still running after %ds: %r" %
                      (bid, timeout, b))
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
