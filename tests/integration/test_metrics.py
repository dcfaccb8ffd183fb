"""Prometheus metrics of a front end (issue 18, item 5; docs/metrics.md).

GET /metrics answers a scraper on this machine talking to Kore directly,
in the text exposition format 0.0.4, with counters that every worker of
the front end adds to (one shared region, a slot per worker). What is
checked here, on the real server with two workers:

- the exposition parses under a strict reader of format 0.0.4 (written
  below: no prometheus_client on this machine, and a lenient library
  would not catch what Prometheus itself refuses);
- counts rise by exactly the requests made, summed over both workers;
- histograms are cumulative, end in +Inf = _count, and agree with the
  request counter of their route;
- a request that came through a proxy (X-Real-IP, X-Forwarded-For,
  Forwarded), even naming 127.0.0.1, gets the ordinary 404;
- a write behind another process's write lock shows in the busy counter
  and as a 503 of its route;
- the outbox's depth and oldest message are read from the database;
- no label holds a raw path: no code, id or phone number a request
  carried appears anywhere in the exposition.

The cost of counting is measured (printed, not asserted: a shared
machine) as worker CPU per /hello request with and without the region
(YUJIANG_METRICS=0), in one run, by wrk."""
import math
import os
import re
import shutil
import subprocess
import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

from harness import ROOT, Server, ServerTestCase, user

# -- a strict reader of the text format 0.0.4 ------------------------------

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
VALUE_RE = re.compile(r"^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|"
                      r"[+-]Inf|NaN)$")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


class ParseError(Exception):
    pass


def _labels(s, pos, lineno):
    """Parse `{a="x",b="y"}` from s[pos] == '{'; (dict, next pos)."""
    out = {}
    pos += 1
    while True:
        if s[pos] == "}":
            return out, pos + 1
        m = re.compile(LABEL).match(s, pos)
        if not m:
            raise ParseError("line %d: bad label name at %d" % (lineno, pos))
        name = m.group(0)
        pos = m.end()
        if s[pos:pos + 2] != '="':
            raise ParseError("line %d: expected =\" after %s" % (lineno, name))
        pos += 2
        val = []
        while True:
            if pos >= len(s):
                raise ParseError("line %d: unterminated value" % lineno)
            ch = s[pos]
            if ch == "\\":
                nxt = s[pos + 1:pos + 2]
                if nxt not in ("\\", '"', "n"):
                    raise ParseError("line %d: bad escape \\%s" % (lineno, nxt))
                val.append({"\\": "\\", '"': '"', "n": "\n"}[nxt])
                pos += 2
            elif ch == '"':
                pos += 1
                break
            elif ch == "\n":
                raise ParseError("line %d: raw newline in value" % lineno)
            else:
                val.append(ch)
                pos += 1
        if name in out:
            raise ParseError("line %d: label %s twice" % (lineno, name))
        if name.startswith("__"):
            raise ParseError("line %d: reserved label %s" % (lineno, name))
        out[name] = "".join(val)
        if s[pos] == ",":
            pos += 1
        elif s[pos] != "}":
            raise ParseError("line %d: expected , or } at %d" % (lineno, pos))


def _family_of(name, types):
    """The family a sample name belongs to (histogram suffixes)."""
    for suf in ("_bucket", "_sum", "_count"):
        if name.endswith(suf) and types.get(name[:-len(suf)]) in (
                "histogram", "summary"):
            return name[:-len(suf)]
    return name


def parse_exposition(text):
    """Parse text strictly; returns {family: {"type", "help", "samples":
    [(name, labels dict, float)]}}. Raises ParseError on anything
    Prometheus would refuse or that the format forbids: a missing final
    newline, a sample before its TYPE, a family split in two, a series
    given twice, a bad name, label, escape or value, a histogram whose
    buckets are not cumulative or whose +Inf is not its _count."""
    if not text.endswith("\n"):
        raise ParseError("no final newline")
    fams, types, seen_series, order = {}, {}, set(), []
    current = None
    for lineno, line in enumerate(text[:-1].split("\n"), 1):
        if line == "":
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 2 and parts[1] in ("HELP", "TYPE"):
                if len(parts) < 4 or not re.fullmatch(NAME, parts[2]):
                    raise ParseError("line %d: bad %s" % (lineno, parts[1]))
                fam = fams.setdefault(parts[2], {"type": None, "help": None,
                                                 "samples": []})
                if parts[1] == "TYPE":
                    if parts[3] not in TYPES:
                        raise ParseError("line %d: type %r" % (lineno,
                                                               parts[3]))
                    if fam["type"] is not None or fam["samples"]:
                        raise ParseError("line %d: TYPE of %s again or late"
                                         % (lineno, parts[2]))
                    fam["type"] = types[parts[2]] = parts[3]
                else:
                    if fam["help"] is not None:
                        raise ParseError("line %d: HELP twice" % lineno)
                    if re.search(r"\\[^\\n]", parts[3]):
                        raise ParseError("line %d: bad escape in HELP" %
                                         lineno)
                    fam["help"] = parts[3]
            continue
        m = re.compile(NAME).match(line)
        if not m:
            raise ParseError("line %d: bad metric name" % lineno)
        name, pos = m.group(0), m.end()
        labels = {}
        if pos < len(line) and line[pos] == "{":
            labels, pos = _labels(line, pos, lineno)
        if pos >= len(line) or line[pos] != " ":
            raise ParseError("line %d: expected a space before the value" %
                             lineno)
        rest = line[pos + 1:].split(" ")
        if len(rest) not in (1, 2) or not VALUE_RE.match(rest[0]):
            raise ParseError("line %d: bad value %r" % (lineno, rest))
        if len(rest) == 2 and not re.fullmatch(r"-?\d+", rest[1]):
            raise ParseError("line %d: bad timestamp" % lineno)
        family = _family_of(name, types)
        if family not in types:
            raise ParseError("line %d: %s has no TYPE before it" % (lineno,
                                                                   name))
        if family != current:
            if family in order:
                raise ParseError("line %d: family %s split" % (lineno,
                                                               family))
            order.append(family)
            current = family
        if types[family] == "histogram" and name.endswith("_bucket") and \
                "le" not in labels:
            raise ParseError("line %d: bucket without le" % lineno)
        key = (name, tuple(sorted(labels.items())))
        if key in seen_series:
            raise ParseError("line %d: series given twice" % lineno)
        seen_series.add(key)
        fams[family]["samples"].append((name, labels, float(rest[0])))
    for family, fam in fams.items():
        if fam["type"] == "histogram":
            check_histogram(family, fam["samples"])
    return fams


def check_histogram(family, samples):
    """Per label set: buckets ascending by le, non-decreasing counts,
    +Inf present and equal to _count, a _sum present."""
    groups = {}
    for name, labels, v in samples:
        rest = tuple(sorted((k, x) for k, x in labels.items() if k != "le"))
        g = groups.setdefault(rest, {"buckets": [], "sum": None,
                                     "count": None})
        if name == family + "_bucket":
            g["buckets"].append((float(labels["le"]), v))
        elif name == family + "_sum":
            g["sum"] = v
        elif name == family + "_count":
            g["count"] = v
        else:
            raise ParseError("%s: stray sample %s" % (family, name))
    for rest, g in groups.items():
        les = [le for le, _ in g["buckets"]]
        if les != sorted(les) or len(set(les)) != len(les):
            raise ParseError("%s%s: buckets out of order" % (family, rest))
        counts = [c for _, c in g["buckets"]]
        if any(b < a for a, b in zip(counts, counts[1:])):
            raise ParseError("%s%s: buckets not cumulative" % (family, rest))
        if not les or les[-1] != math.inf:
            raise ParseError("%s%s: no +Inf bucket" % (family, rest))
        if g["count"] is None or g["sum"] is None:
            raise ParseError("%s%s: no _count or _sum" % (family, rest))
        if counts[-1] != g["count"]:
            raise ParseError("%s%s: +Inf %s != _count %s" % (
                family, rest, counts[-1], g["count"]))


def value(fams, family, name=None, **labels):
    """The value of the one sample of family matching labels (0 when the
    series is absent: a labelled counter appears on its first count)."""
    name = name or family
    hits = [v for n, lab, v in fams.get(family, {"samples": []})["samples"]
            if n == name and all(lab.get(k) == x for k, x in labels.items())]
    if len(hits) > 1:
        raise AssertionError("%s %s matches %d series" % (name, labels,
                                                         len(hits)))
    return hits[0] if hits else 0.0


def total(fams, family, **labels):
    """The sum over every series of family matching labels."""
    return sum(v for n, lab, v in fams.get(family, {"samples": []})["samples"]
               if all(lab.get(k) == x for k, x in labels.items()))


def route_patterns():
    """Every route of conf/common.conf: the only route labels allowed."""
    out = set()
    with open(os.path.join(ROOT, "conf", "common.conf")) as f:
        for line in f:
            m = re.match(r"^\s*route\s+(\S+)\s+\S+", line)
            if m:
                out.add(m.group(1))
    return out


# Everything the exposition is made of, for the personal-data check.
SAMPLE_LINE = re.compile(r"^(%s)(\{.*\})? (\S+)$" % NAME)


class MetricsTestBase(ServerTestCase):
    users = {"staff": user("Metrics Staff", "staff")}
    users.update({"p%d" % i: user("Metrics Apprentice %d" % i, "apprentice")
                  for i in range(4)})

    def scrape(self, **headers):
        r = self.client().get("/metrics", headers=headers or None)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"),
                         "text/plain; version=0.0.4; charset=utf-8")
        return parse_exposition(r.text), r.text


class MetricsTest(MetricsTestBase):
    """Two workers, as in production."""

    def test_exposition_parses_strictly(self):
        fams, text = self.scrape()
        # The families an operator's alerts use, with their types.
        want = {
            "yujiang_http_requests_total": "counter",
            "yujiang_http_responses_total": "counter",
            "yujiang_worker_http_requests_total": "counter",
            "yujiang_http_request_duration_seconds": "histogram",
            "yujiang_db_busy_total": "counter",
            "yujiang_db_errors_total": "counter",
            "yujiang_signer_failures_total": "counter",
            "yujiang_signer_request_duration_seconds": "histogram",
            "yujiang_tasks_in_flight": "gauge",
            "yujiang_login_hashes_running": "gauge",
            "yujiang_login_queue_depth": "gauge",
            "yujiang_outbox_messages": "gauge",
            "yujiang_outbox_oldest_unsent_age_seconds": "gauge",
            "yujiang_process_start_time_seconds": "gauge",
            "yujiang_build_info": "gauge",
        }
        for fam, typ in want.items():
            self.assertIn(fam, fams, fam)
            self.assertEqual(fams[fam]["type"], typ, fam)
            self.assertTrue(fams[fam]["help"], fam)
        # Naming conventions: counters end in _total, units in names.
        for fam, f in fams.items():
            self.assertTrue(fam.startswith("yujiang_"), fam)
            if f["type"] == "counter":
                self.assertTrue(fam.endswith("_total"), fam)
        start = value(fams, "yujiang_process_start_time_seconds")
        self.assertLessEqual(start, time.time())
        self.assertGreater(start, time.time() - 3600)
        info = fams["yujiang_build_info"]["samples"]
        self.assertEqual(len(info), 1)
        self.assertEqual(info[0][2], 1.0)
        self.assertRegex(info[0][1]["schema"], r"^\d+$")
        self.assertTrue(info[0][1]["kore"])
        # The reader itself refuses what it must (so that its passing
        # above means something).
        for bad in ("x 1",                                  # no newline
                    "# TYPE x counter\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",
                    "x 1\n",                                # no TYPE
                    "# TYPE x counter\nx{a=\"\\q\"} 1\n",     # escape
                    "# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                    "h_bucket{le=\"+Inf\"} 1\nh_sum 0\nh_count 1\n",
                    "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
                    "h_bucket{le=\"+Inf\"} 2\nh_sum 0\nh_count 3\n",
                    "# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a=\"b\"} 1\n",
                    "# TYPE x gauge\nx one\n"):
            with self.assertRaises(ParseError, msg=bad):
                parse_exposition(bad)

    def test_counts_rise_by_exactly_the_requests_across_both_workers(self):
        before, _ = self.scrape()
        n_hello, n_health, n_missing = 600, 120, 60
        jobs = (["/hello"] * n_hello + ["/healthz"] * n_health +
                ["/no/such/page/%d" % i for i in range(n_missing)])
        statuses = {}

        def get(path):
            # Each on a new connection, many at once: Kore's accept lock
            # then hands connections to both workers.
            r = self.client().get(path)
            return path, r.status
        with ThreadPoolExecutor(16) as ex:
            for path, st in ex.map(get, jobs):
                statuses.setdefault(path.split("/")[1], set()).add(st)
        self.assertEqual(statuses["hello"], {200})
        self.assertEqual(statuses["healthz"], {200})
        self.assertEqual(statuses["no"], {404})
        after, _ = self.scrape()

        def delta(family, **labels):
            return (value(after, family, **labels) -
                    value(before, family, **labels))
        self.assertEqual(delta("yujiang_http_requests_total", route="/hello",
                               method="GET", status="2xx"), n_hello)
        self.assertEqual(delta("yujiang_http_requests_total",
                               route="/healthz", method="GET",
                               status="2xx"), n_health)
        # Paths no route claims count under the catch-all's pattern.
        self.assertEqual(delta("yujiang_http_requests_total", route="^/",
                               method="GET", status="4xx"), n_missing)
        self.assertEqual(delta("yujiang_http_responses_total", code="404"),
                         n_missing)
        # Every worker's slot, summed: the requests made and the scrapes
        # before this one (each is counted once it was answered).
        def per_worker(fams):
            return {lab["worker"]: v - value(
                before, "yujiang_worker_http_requests_total",
                worker=lab["worker"])
                for _, lab, v in
                fams["yujiang_worker_http_requests_total"]["samples"]}
        counts, sent, scrapes = per_worker(after), len(jobs), 1
        self.assertEqual(len(self.server.worker_pids()), 2)
        self.assertEqual(sorted(counts), ["1", "2"])
        self.assertEqual(sum(counts.values()), sent + scrapes)
        # Which worker accepts is the kernel's and Kore's accept lock's
        # choice: on a busy machine one worker may take a whole burst.
        # More bursts (bounded) until the other has served too, so that
        # both slots are seen to count; the sum stays exact throughout.
        rounds = 0
        while min(counts.values()) == 0 and rounds < 20:
            rounds += 1
            with ThreadPoolExecutor(32) as ex:
                got = set(ex.map(lambda _: self.client().get(
                    "/hello").status, range(200)))
            self.assertEqual(got, {200})
            sent += 200
            fams, _ = self.scrape()
            scrapes += 1
            counts = per_worker(fams)
            self.assertEqual(sum(counts.values()), sent + scrapes)
        # Which worker the kernel wakes for a new connection is its
        # choice, not ours (CI once saw 4,801 requests on one worker and
        # none on the other, both alive): a worker that served nothing
        # is reported, not failed. The exact sums above hold either way.
        print("\n  [metrics] requests per worker: %s (%d more bursts)%s"
              % (counts, rounds, "" if min(counts.values()) > 0 else
                 " - one worker served everything this time"))
        for pid in self.server.worker_pids():
            os.kill(pid, 0)         # both still running
        # The latency histogram counted each /hello once.
        self.assertEqual(
            delta("yujiang_http_request_duration_seconds",
                  name="yujiang_http_request_duration_seconds_count",
                  route="/hello"), n_hello)

    def test_histograms_agree_with_the_request_counter(self):
        c = self.client()
        for path in ("/", "/courses", "/api/v1/courses", "/masters"):
            self.assertEqual(c.get(path).status, 200, path)
        fams, _ = self.scrape()
        hist = "yujiang_http_request_duration_seconds"
        routes = {lab["route"] for n, lab, _ in fams[hist]["samples"]}
        self.assertTrue({"/", "/courses", "/api/v1/courses",
                         "/masters"} <= routes, routes)
        for route in routes:
            count = value(fams, hist, name=hist + "_count", route=route)
            self.assertEqual(count, total(
                fams, "yujiang_http_requests_total", route=route), route)
            inf = value(fams, hist, name=hist + "_bucket", route=route,
                        le="+Inf")
            self.assertEqual(inf, count, route)
            s = value(fams, hist, name=hist + "_sum", route=route)
            self.assertGreaterEqual(s, 0.0)
            # Not every request could take as long as the last bound.
            self.assertLess(s, 10.0 * count + 1, route)
        # The class counters sum to the exact-code counters.
        self.assertEqual(total(fams, "yujiang_http_requests_total") -
                         total(fams, "yujiang_http_requests_total",
                               status="none"),
                         total(fams, "yujiang_http_responses_total"))

    def test_a_proxied_request_is_refused_even_from_loopback(self):
        for name, v in (("X-Real-IP", "203.0.113.9"),
                        ("X-Real-IP", "127.0.0.1"),
                        ("X-Forwarded-For", "203.0.113.9, 127.0.0.1"),
                        ("x-forwarded-for", "127.0.0.1"),
                        ("Forwarded", "for=203.0.113.9")):
            r = self.client(lang="en").get("/metrics", headers={name: v})
            self.assertEqual(r.status, 404, (name, v, r))
            self.assertNotIn("yujiang_", r.text, (name, v))
            self.assertNotIn("# TYPE", r.text, (name, v))
            # The same page as any path that does not exist.
            other = self.client(lang="en").get("/no-such-page")
            self.assertEqual(other.status, 404)
            self.assertEqual(re.sub(r"(/|%2F)metrics", "", r.text),
                             re.sub(r"(/|%2F)no-such-page", "", other.text))
        # Other methods are not a way round it.
        self.assertEqual(self.client().request("POST", "/metrics",
                                               body=b"").status, 405)
        # Straight from loopback it answers.
        self.scrape()

    def test_no_personal_data_in_labels(self):
        c = self.client()
        secrets_in_paths = [
            "/v/Q7Zk4PmW2xR9tLs8",             # a verification code
            "/api/v1/verify/Q7Zk4PmW2xR9tLs9",
            "/masters/987654321",              # an id
            "/masters/987654321/lineage.png",
            "/courses/ZY901",
            "/people/13812345678",             # a phone in a bad path
            "/me?account=13912345678",
            "/login?next=/v/Z9Y8X7W6V5",
        ]
        for p in secrets_in_paths:
            c.get(p)
        fams, text = self.scrape()
        allowed = route_patterns()
        for fam, f in fams.items():
            for name, labels, _ in f["samples"]:
                if "route" in labels:
                    self.assertIn(labels["route"], allowed, labels)
        for needle in ("Q7Zk4PmW2xR9tLs", "987654321", "ZY901",
                       "13812345678", "13912345678", "Z9Y8X7W6V5",
                       "account=", "next="):
            self.assertNotIn(needle, text, needle)
        self.assertGreaterEqual(value(
            fams, "yujiang_http_requests_total",
            route="^/v/[0-9A-Za-z]{1,64}$", method="GET", status="4xx"), 1)

    def test_outbox_depth_and_age_come_from_the_database(self):
        now = int(time.time())
        before, _ = self.scrape()
        q0 = value(before, "yujiang_outbox_messages", state="queued")
        # Three messages waiting (due far ahead, so that the console
        # adapter leaves them), the oldest queued 600 s ago; one dead.
        for age, state in ((600, "queued"), (30, "queued"), (5, "queued"),
                           (900, "dead")):
            self.server.sql_write(
                "INSERT INTO outbox (channel, address, body, state, "
                "next_at, created) VALUES ('sms', '13800000000', 'x', "
                "?, ?, ?)", state, now + 86400, now - age)
        fams, _ = self.scrape()
        self.assertEqual(value(fams, "yujiang_outbox_messages",
                               state="queued"), q0 + 3)
        self.assertGreaterEqual(value(fams, "yujiang_outbox_messages",
                                      state="dead"), 1)
        age = value(fams, "yujiang_outbox_oldest_unsent_age_seconds")
        self.assertGreaterEqual(age, 600)
        self.assertLess(age, 600 + 120)
        self.server.sql_write("DELETE FROM outbox WHERE address = "
                              "'13800000000'")
        fams, _ = self.scrape()
        self.assertEqual(value(fams, "yujiang_outbox_messages",
                               state="queued"), q0)

    def test_login_queue_and_tasks_settle_to_zero(self):
        # Logins hash on task threads through the FIFO; once answered,
        # nothing is left running or waiting in any worker.
        with ThreadPoolExecutor(4) as ex:
            rs = list(ex.map(lambda i: self.client().login_api(
                self.accounts["p%d" % i]), range(4)))
        self.assertEqual({r.status for r in rs}, {200})
        fams, _ = self.scrape()
        self.assertEqual(value(fams, "yujiang_login_hashes_running"), 0)
        self.assertEqual(value(fams, "yujiang_login_queue_depth"), 0)
        self.assertEqual(value(fams, "yujiang_tasks_in_flight"), 0)
        self.assertEqual(value(
            fams, "yujiang_http_requests_total", route="/api/v1/login",
            method="POST", status="2xx"), 4)

    def test_the_signer_round_trip_is_timed(self):
        # A fresh database's status lists were signed at start by a
        # worker, through the signing process.
        fams, _ = self.scrape()
        h = "yujiang_signer_request_duration_seconds"
        self.assertGreaterEqual(value(fams, h, name=h + "_count"), 1)
        self.assertEqual(value(fams, "yujiang_signer_failures_total"), 0)


class MetricsBusyTest(MetricsTestBase):
    """A write behind another process's write lock answers 503 busy: the
    busy counter and the route's 5xx show it."""

    def test_busy_database_shows_in_the_busy_counter(self):
        before, _ = self.scrape()
        c = self.client()
        csrf = c.api_csrf()
        lock = self.server.hold_writer_lock()
        try:
            r = c.post_json("/api/v1/login",
                            {"account": self.accounts["staff"],
                             "password": "wrong password 1"}, csrf=csrf)
        finally:
            lock.release()
        self.assertEqual(r.status, 503, r)
        self.assertEqual(r.json()["error"], "busy")
        after, _ = self.scrape()
        self.assertGreaterEqual(
            value(after, "yujiang_db_busy_total") -
            value(before, "yujiang_db_busy_total"), 1)
        self.assertEqual(
            value(after, "yujiang_http_requests_total",
                  route="/api/v1/login", method="POST", status="5xx") -
            value(before, "yujiang_http_requests_total",
                  route="/api/v1/login", method="POST", status="5xx"), 1)
        self.assertEqual(value(after, "yujiang_http_responses_total",
                               code="503") -
                         value(before, "yujiang_http_responses_total",
                               code="503"), 1)
        # A busy statement is no error.
        self.assertEqual(value(after, "yujiang_db_errors_total"),
                         value(before, "yujiang_db_errors_total"))


def cpu_ticks(pids):
    """utime + stime of pids, in clock ticks."""
    t = 0
    for pid in pids:
        with open("/proc/%d/stat" % pid) as f:
            st = f.read()
        fields = st[st.rindex(")") + 2:].split()
        t += int(fields[11]) + int(fields[12])
    return t


@unittest.skipUnless(shutil.which("wrk"), "wrk is not installed")
class MetricsCostTest(unittest.TestCase):
    """Worker CPU per /hello request, counted and not (YUJIANG_METRICS=0),
    both servers up at once and measured in turns, so the machine's load
    falls on both alike. Printed; asserted only loosely."""

    def test_cost_of_counting_on_hello(self):
        on = Server(workers=2).start()
        off = Server(workers=2, env={"YUJIANG_METRICS": "0"}).start()
        try:
            self.assertEqual(off.client().get("/metrics").status, 404)
            cost = {"on": [0, 0], "off": [0, 0]}     # ticks, requests
            for _ in range(3):
                for name, srv in (("off", off), ("on", on)):
                    pids = srv.worker_pids()
                    t0 = cpu_ticks(pids)
                    out = subprocess.run(
                        ["wrk", "-t1", "-c8", "-d2s",
                         "http://127.0.0.1:%d/hello" % srv.port],
                        capture_output=True, text=True, check=True).stdout
                    t1 = cpu_ticks(pids)
                    m = re.search(r"(\d+) requests in", out)
                    cost[name][0] += t1 - t0
                    cost[name][1] += int(m.group(1))
            hz = os.sysconf("SC_CLK_TCK")
            us = {k: 1e6 * t / hz / n for k, (t, n) in cost.items()}
            fams = parse_exposition(on.client().get("/metrics").text)
            counted = value(fams, "yujiang_http_requests_total",
                            route="/hello", method="GET", status="2xx")
            print("\n  [metrics] worker CPU per /hello: %.2f us counted, "
                  "%.2f us not (ratio %.3f; %d and %d requests)" % (
                      us["on"], us["off"], us["on"] / us["off"],
                      cost["on"][1], cost["off"][1]))
            # wrk leaves uncounted what was in flight when it stopped
            # (at most its 8 connections, each of the 3 turns).
            self.assertGreaterEqual(counted, cost["on"][1])
            self.assertLessEqual(counted, cost["on"][1] + 3 * 8)
            self.assertLess(us["on"] / us["off"], 1.5)
        finally:
            on.stop()
            off.stop()


if __name__ == "__main__":
    unittest.main()
