"""Shared helpers of the training-stage integration tests
(test_training_*.py): people made at run time through the site itself
(apprentices register, staff create masters), the mentorship and log
calls, the demo accounts of an `init` instance, and reading a PNG's
header.

Each test makes its own people so that the tests of a class do not
depend on one another's order."""
import os
import struct
from concurrent.futures import ThreadPoolExecutor

from harness import PASSWORD, new_phone

SKILLS = ("carving", "design", "polishing", "setting", "bangle", "qiaose",
          "stone", "cad")

# next_stage_needs[].kind (gate.h)
NEED_ENTRY_COURSE, NEED_MASTER, NEED_HOURS, NEED_LEVEL, \
    NEED_RECOMMENDATION, NEED_COHORT, NEED_MILESTONES, NEED_LAST_STAGE = \
    range(8)

# Kore 4.1 gives the accept lock to one worker, which keeps it until it
# is busy (worker_max_connections open connections, 512 by default): on a
# test's light load that one worker answers every request, so two
# "simultaneous" requests are served one after the other by one process
# and a per-worker cache is only ever one worker's. With one connection
# per worker, a worker hands the lock on as soon as it holds a
# connection: requests made at the same moment run in both workers (two
# processes, two SQLite connections), and requests one after another
# alternate between them. For ServerTestCase.extra_conf.
SPREAD_OVER_WORKERS = ("worker_max_connections\t1",)


def wakeups(server):
    """{worker pid: voluntary context switches so far}: a worker that
    answers requests wakes for each, an idle one once a second (its
    timer)."""
    out = {}
    for pid in server.worker_pids():
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    out[pid] = int(line.split()[1])
    return out


# The lineage picture (tree.h): TREE_WIDTH, TREE_HEAD, TREE_ROW, TREE_FOOT.
TREE_WIDTH = 720


def tree_height(rows):
    return 72 + rows * 52 + 24


class Person:
    """A logged-in caller: client, id, name, JSON CSRF token."""

    def __init__(self, client, user, csrf):
        self.client = client
        self.user = user
        self.id = user["id"]
        self.name = user["name"]
        self.csrf = csrf

    def get(self, path):
        return self.client.get(path)

    def post(self, path, obj=None, **kw):
        return self.client.post_json(path, obj if obj is not None else {},
                                     csrf=kw.pop("csrf", self.csrf), **kw)

    def training(self):
        r = self.client.get("/api/v1/training")
        if r.status != 200:
            raise AssertionError("GET /api/v1/training: %r" % r)
        return r.json()


def new_apprentice(server, name="学员", track="carver"):
    """A new apprentice, registered (and so logged in) through the API."""
    c = server.client()
    r = c.register_api(name, new_phone(), PASSWORD, track)
    if r.status != 201:
        raise AssertionError("register %s: %r" % (name, r))
    j = r.json()
    return Person(c, j["user"], j["csrf"])


def new_apprentices(server, n, prefix="学员", track="carver", threads=8):
    with ThreadPoolExecutor(threads) as ex:
        return list(ex.map(lambda i: new_apprentice(
            server, "%s%02d" % (prefix, i), track), range(n)))


# GB 11643 weights of an 18-character 居民身份证 number's first 17 digits.
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643(first17):
    """first17 with its GB 11643 check character appended."""
    c = (12 - sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS))
         % 11) % 11
    return first17 + ("X" if c == 10 else str(c))


def id_number(user_id, region="440605"):
    """A 居民身份证 number of its own for each account of a test server:
    the birth year and sequence number come from the id (an adult born
    on 1 January), so the same person always shows the same document."""
    return gb11643("%s%04d0101%03d" % (region, 1950 + (user_id // 1000) %
                                       50, user_id % 1000))


def check_identity(staff, user_id, name, number=None, **extra):
    """实名核验 through the real staff route: staff record that they saw
    user_id's 居民身份证 (number, or one made from the id) with name on
    it and the person's consent. A person checked already is fine (409
    already_checked); anything else fails. Returns the response."""
    body = {"doc_type": "resident_id",
            "number": number or id_number(user_id), "name": name,
            "consent": True}
    body.update(extra)
    r = staff.post("/api/v1/people/%d/identity" % user_id, body)
    if r.status == 201 or (r.status == 409 and
                           r.json().get("error") == "already_checked"):
        return r
    raise AssertionError("identity check of %d: %r" % (user_id, r))


def login(server, account, password=PASSWORD):
    c = server.client()
    r = c.login_api(account, password)
    if r.status != 200:
        raise AssertionError("login %s: %r" % (account, r))
    j = r.json()
    return Person(c, j["user"], j["csrf"])


def new_master(server, staff, name="师傅", track="carver"):
    """A new master, created by staff through /api/v1/users, logged in."""
    account = new_phone()
    r = staff.post("/api/v1/users", {"name": name, "account": account,
                                     "password": PASSWORD, "role": "master",
                                     "track": track})
    if r.status != 201:
        raise AssertionError("create master %s: %r" % (name, r))
    return login(server, account)


def ask(apprentice, master_id, message=None):
    body = {} if message is None else {"message": message}
    return apprentice.post("/api/v1/masters/%d/ask" % master_id, body)


def take_on(apprentice, master, message=None):
    """apprentice asks master, who accepts; returns the mentorship id."""
    r = ask(apprentice, master.id, message)
    if r.status != 201:
        raise AssertionError("ask: %r" % r)
    mid = r.json()["mentorship"]
    r = master.post("/api/v1/mentorships/%d/accept" % mid)
    if r.status != 200:
        raise AssertionError("accept: %r" % r)
    return mid


def log(apprentice, day, hours, skill="carving", notes=None):
    body = {"day": day, "hours": hours, "skill": skill}
    if notes is not None:
        body["notes"] = notes
    return apprentice.post("/api/v1/training/log", body)


def mentorship(person, mid):
    """The mentorship mid as person's /api/v1/training lists it, or None."""
    for m in person.training()["mentorships"]:
        if m["id"] == mid:
            return m
    return None


def demo_accounts(server):
    """{name: (account, password)} of the demo people of an `init`
    instance, from the accounts file `yujiang-admin init` writes."""
    out = {}
    with open(os.path.join(server.dir, "demo-accounts.txt"),
              encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4:
                out[parts[3]] = (parts[1], parts[2])
    return out


def png_size(data):
    """(width, height) from a PNG's IHDR chunk; AssertionError if the
    bytes do not start like a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError("not a PNG: %r" % data[:16])
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        raise AssertionError("no IHDR first: %r" % data[8:16])
    return struct.unpack(">II", data[16:24])


def png_complete(data):
    """True when the PNG's chunks run to an IEND chunk at the very end."""
    pos = 8
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        pos += 12 + length
        if kind == b"IEND":
            return pos == len(data)
    return False
