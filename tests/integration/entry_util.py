"""Shared helpers of the entry-stage integration tests (test_entry_*.py):
the course files as the tests read them (to compute what the catalogue
must answer), China's date, scheduling runs and making people."""
import datetime
import glob
import os
import re
from concurrent.futures import ThreadPoolExecutor

from harness import PASSWORD, ROOT, new_phone

COURSES_DIR = os.path.join(ROOT, "courses")


def china_today():
    """Today's date in China (UTC+8), as the server computes it."""
    cst = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(cst).strftime("%Y-%m-%d")


def day(offset):
    """China's date offset days from today (YYYY-MM-DD): runs are
    scheduled relative to today, so the tests do not age."""
    cst = datetime.timezone(datetime.timedelta(hours=8))
    d = datetime.datetime.now(cst) + datetime.timedelta(days=offset)
    return d.strftime("%Y-%m-%d")


def parse_course_file(path):
    """A course file's front matter (flat dict, prerequisites a list) and
    its body. Only the simple YAML the course files use."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
    if not m:
        raise ValueError("no front matter in %s" % path)
    meta = {}
    for line in m.group(1).splitlines():
        key, _, value = line.partition(":")
        value = value.strip()
        if key.strip() == "prerequisites":
            value = [v.strip() for v in value.strip("[]").split(",")
                     if v.strip()]
        meta[key.strip()] = value
    meta["body"] = m.group(2).strip()
    return meta


def course_files():
    """{code: meta} of every courses/*.md."""
    out = {}
    for p in sorted(glob.glob(os.path.join(COURSES_DIR, "*.md"))):
        meta = parse_course_file(p)
        out[meta["code"]] = meta
    return out


def stage_order(meta):
    return ({"entry": 1, "training": 2}.get(meta["stage"], 3), meta["code"])


def text_matches(meta, q):
    """What the catalogue's search must find: q as a substring of a
    title or the body (ASCII case-insensitive, like SQLite's LIKE and the
    trigram index)."""
    ql = q.lower()
    return any(ql in meta[k].lower() for k in ("title_zh", "title_en",
                                              "body"))


def create_run(staff, code, starts=None, ends=None, capacity=30,
               instructor=None):
    """Staff schedule a run through the API (by default from in four
    days to in nine weeks); returns the run object."""
    body = {"starts": starts or day(4), "ends": ends or day(65),
            "capacity": capacity}
    if instructor is not None:
        body["instructor"] = instructor
    r = staff.post_json("/api/v1/courses/%s/runs" % code, body)
    if r.status != 201:
        raise AssertionError("create run of %s: %r" % (code, r))
    return r.json()["run"]


def register_many(server, n, track="carver", prefix="学员", threads=8):
    """n new apprentices registered through the API in parallel; returns
    [(client, user, csrf)] in registration-call order."""
    def one(i):
        c = server.client()
        r = c.register_api("%s%03d" % (prefix, i), new_phone(),
                           PASSWORD, track)
        if r.status != 201:
            raise AssertionError("register %d: %r" % (i, r))
        j = r.json()
        return c, j["user"], j["csrf"]

    with ThreadPoolExecutor(threads) as ex:
        return list(ex.map(one, range(n)))
