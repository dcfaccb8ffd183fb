"""Certificates under concurrency: two staff issuing the same event at
the same moment (two workers, two SQLite connections) get exactly one
201 and one 409; a revoke racing a re-issue, or two re-issues, leave one
current certificate and one 409; two batch requests for one run at once
make one batch and one certificate per graduate; a batch skips those
who have a certificate (revoked included); a run of 25 graduates is
drawn in the background (progress polled until done), every PNG is on
disk and the batch's ZIP holds exactly those files, byte for byte, one
of them decoding to its certificate's QR — while logins go on being
answered."""
import io
import os
import re
import threading
import time
import unittest
import zipfile
from concurrent.futures import ThreadPoolExecutor

from cert_util import PNG_MAGIC, graduates, issue, wait_batch, zbar
from entry_util import create_run
from harness import ServerTestCase, user
from training_util import SPREAD_OVER_WORKERS, login, new_master


def at_once(*calls):
    """Run the calls in threads released together; their results."""
    barrier = threading.Barrier(len(calls))

    def go(f):
        barrier.wait()
        return f()

    with ThreadPoolExecutor(len(calls)) as ex:
        return list(ex.map(go, calls))


class CertConcurrencyTest(ServerTestCase):
    users = {"staff": user("周站长", "staff"),
             "staff2": user("吴副站长", "staff"),
             "viewer": user("旁观者", "apprentice")}
    extra_conf = SPREAD_OVER_WORKERS

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.staff2 = login(cls.server, cls.accounts["staff2"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def certs_of(self, person):
        r = person.get("/api/v1/certs")
        self.assertEqual(r.status, 200, r)
        return r.json()["certificates"]

    def test_same_event_issued_twice_at_once(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 6, "并发")
        for p in people:
            ev = events[p.id]
            with self.subTest(event=ev):
                a, b = at_once(lambda: issue(self.staff, ev, "zh"),
                               lambda: issue(self.staff2, ev, "en"))
                got = sorted((a.status, b.status))
                self.assertEqual(got, [201, 409], (a, b))
                loser = a if a.status == 409 else b
                self.assertJSONError(loser, 409, "already_issued")
                self.assertEqual(len(self.certs_of(p)), 1)
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM certificates WHERE event = ?1",
                    ev), [["1"]])
        self.assertHealthy()

    def test_two_batches_at_once(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 5, "双击")
        path = "/api/v1/runs/%d/certificates" % run
        a, b = at_once(lambda: self.staff.post(path, {"lang": "zh"}),
                       lambda: self.staff2.post(path, {"lang": "zh"}))
        self.assertEqual(sorted((a.status, b.status)), [200, 202], (a, b))
        won, lost = (a, b) if a.status == 202 else (b, a)
        w, l = won.json(), lost.json()
        self.assertEqual((w["issued"], w["completers"]), (5, 5), w)
        self.assertEqual(w["batch"]["total"], 5)
        self.assertEqual(w["batch"]["event"], "run:%d" % run)
        self.assertIsNone(l["batch"], l)
        self.assertEqual((l["issued"], l["completers"]), (0, 5), l)
        bt = wait_batch(self, self.staff, w["batch"]["id"])
        self.assertEqual((bt["done"], bt["failed"], bt["total"]), (5, 0, 5))
        for p in people:
            mine = self.certs_of(p)
            self.assertEqual(len(mine), 1, (p.name, mine))
            self.assertEqual(mine[0]["status"], "valid")
        rows = self.server.sql(
            "SELECT event, count(*) FROM certificates WHERE event IN (%s) "
            "GROUP BY event" % ",".join("'%s'" % e for e in events.values()))
        self.assertEqual(sorted(rows), sorted([e, "1"]
                                              for e in events.values()))
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM cert_batches WHERE event = ?1",
            "run:%d" % run), [["1"]])
        # Asking again: nothing left, the latest batch named.
        r = self.staff.post(path, {})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"batch": None, "issued": 0,
                                    "completers": 5,
                                    "latest": w["batch"]["id"],
                                    "unverified": []})
        r = self.staff.client.post_form(
            "/runs/%d/certificates" % run, {"lang": "zh"},
            page="/runs/%d" % run)
        self.assertRedirect(r, "/batches/%d" % w["batch"]["id"])

    def test_revoke_and_reissue_at_once(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 4, "竞争")
        for p in people:
            c = issue(self.staff, events[p.id]).json()["certificate"]
            base = "/api/v1/certs/%d/" % c["id"]
            with self.subTest(holder=p.name):
                a, b = at_once(
                    lambda: self.staff.post(base + "revoke",
                                            {"reason": "同时撤销"}),
                    lambda: self.staff2.post(base + "reissue",
                                             {"reason": "同时重发"}))
                self.assertEqual(sorted((a.status, b.status)) in
                                 ([200, 409], [201, 409]), True, (a, b))
                loser = a if a.status == 409 else b
                self.assertJSONError(loser, 409, "not_current")
                mine = self.certs_of(p)
                old = next(x for x in mine if x["id"] == c["id"])
                if a.status == 200:         # revoked: nothing new
                    self.assertEqual(len(mine), 1, mine)
                    self.assertEqual(old["status"], "revoked")
                else:                       # re-issued: old replaced
                    self.assertEqual(len(mine), 2, mine)
                    self.assertEqual(old["status"], "superseded")
                    self.assertNotIn("revoked", old)
                    new = next(x for x in mine if x["id"] != c["id"])
                    self.assertEqual(new["status"], "valid")
                # A revocation retires the certificate (its event may be
                # issued again, by staff); a re-issue replaces it.
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM certificates WHERE event = ?1 "
                    "AND current = 1", events[p.id]),
                    [["0" if a.status == 200 else "1"]])

    def test_two_reissues_at_once(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 4, "重发")
        for p in people:
            c = issue(self.staff, events[p.id]).json()["certificate"]
            path = "/api/v1/certs/%d/reissue" % c["id"]
            with self.subTest(holder=p.name):
                a, b = at_once(
                    lambda: self.staff.post(path, {"reason": "甲重发",
                                                   "lang": "en"}),
                    lambda: self.staff2.post(path, {"reason": "乙重发",
                                                    "lang": "both"}))
                self.assertEqual(sorted((a.status, b.status)), [201, 409],
                                 (a, b))
                mine = self.certs_of(p)
                self.assertEqual(sorted(x["status"] for x in mine),
                                 ["superseded", "valid"])
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM certificates WHERE event = ?1 "
                    "AND current = 1", events[p.id]), [["1"]])

    def test_batch_skips_those_with_a_certificate(self):
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, 4, "部分")
        first = issue(self.staff, events[people[0].id]).json()[
            "certificate"]
        revoked = issue(self.staff, events[people[1].id]).json()[
            "certificate"]
        r = self.staff.post("/api/v1/certs/%d/revoke" % revoked["id"],
                            {"reason": "成绩有误"})
        self.assertEqual(r.status, 200, r)
        r = self.staff.post("/api/v1/runs/%d/certificates" % run,
                            {"lang": "en"})
        self.assertEqual(r.status, 202, r)
        j = r.json()
        self.assertEqual((j["issued"], j["completers"],
                          j["batch"]["total"]), (2, 4, 2), j)
        bt = wait_batch(self, self.staff, j["batch"]["id"])
        self.assertEqual((bt["done"], bt["failed"]), (2, 0), bt)
        self.assertEqual([x["id"] for x in self.certs_of(people[0])],
                         [first["id"]])
        self.assertEqual([x["status"] for x in self.certs_of(people[1])],
                         ["revoked"])
        for p in people[2:]:
            mine = self.certs_of(p)
            self.assertEqual([(x["lang"], x["status"]) for x in mine],
                             [("en", "valid")])
        z = self.staff.get("/batches/%d.zip" % bt["id"])
        self.assertEqual(z.status, 200, z)
        self.assertEqual(sorted(zipfile.ZipFile(io.BytesIO(z.body))
                                .namelist()),
                         sorted(self.certs_of(p)[0]["serial"] + ext
                                for p in people[2:]
                                for ext in (".png", ".pdf")))
        # Unknown run; a run nobody passed.
        self.assertJSONError(self.staff.post(
            "/api/v1/runs/999999/certificates", {}), 404, "not_found")
        empty = create_run(self.staff.client, "JB101",
                           instructor=self.teacher.id)["id"]
        r = self.staff.post("/api/v1/runs/%d/certificates" % empty, {})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"batch": None, "issued": 0,
                                    "completers": 0, "latest": 0,
                                    "unverified": []})
        r = self.staff.client.post_form(
            "/runs/%d/certificates" % empty, {}, csrf=self.staff.csrf)
        self.assertEqual(r.status, 409, r)
        self.assertIn("本班所有结业学员都已经有证书了。", r.text)
        self.assertJSONError(self.staff.post(
            "/api/v1/runs/%d/certificates" % run, {"lang": "fr"}), 400,
            "invalid_lang")

    def test_big_batch(self):
        n = 25
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, n, "大班")
        desk = self.staff.get("/runs/%d" % run)
        self.assertIn('id="issue-certs"', desk.text)
        self.assertIn('action="/runs/%d/certificates"' % run, desk.text)
        self.assertNotIn('id="issue-certs"',
                         self.teacher.get("/runs/%d" % run).text)
        # Logins go on while the batch is drawn: a thread logs in over
        # and over from just before the batch starts until it is done.
        logins, login_errors, stop = [], [], threading.Event()

        def log_in_meanwhile():
            while not stop.is_set() and len(logins) < 50:
                t0 = time.time()
                try:
                    r = self.client().login_api(self.accounts["viewer"])
                except OSError as e:
                    login_errors.append("%.3fs after the POST: %r" % (
                        t0 - t_post, e))
                    break
                t = time.time() - t0
                if r.status != 200:
                    login_errors.append(r)
                b = self.server.sql("SELECT status FROM cert_batches "
                                    "ORDER BY id DESC LIMIT 1")
                logins.append((t, bool(b) and b[0][0] == "running"))

        token = self.staff.get("/runs/%d" % run).form_csrf(
            "/runs/%d/certificates" % run)
        self.assertIsNotNone(token, "no issue-certs form on the desk")
        th = threading.Thread(target=log_in_meanwhile, daemon=True)
        t_post = time.time()
        th.start()
        try:
            # The staff's form, as a browser posts it.
            r = self.staff.client.post_form(
                "/runs/%d/certificates" % run, {"lang": "both"},
                csrf=token)
            self.assertEqual(r.status, 303, r)
            m = re.fullmatch(r"/batches/(\d+)", r.location or "")
            self.assertIsNotNone(m, r.location)
            bid = int(m.group(1))
            first = self.staff.get("/api/v1/batches/%d" % bid).json()[
                "batch"]
            self.assertEqual(first["total"], n)
            self.assertEqual(first["lang"], "both")
            self.assertEqual(first["zip_url"], "/batches/%d.zip" % bid)
            if first["status"] == "running":
                # While drawing: the page refreshes itself, no ZIP yet
                # (or, if it finished in between, the whole ZIP).
                page = self.staff.get("/batches/%d" % bid)
                self.assertEqual(page.status, 200, page)
                if "正在生成证书图片" in page.text:
                    self.assertEqual(page.header("refresh"), "2")
                    self.assertNotIn('id="zip-link"', page.text)
                else:
                    self.assertIsNone(page.header("refresh"))
                z = self.staff.get("/batches/%d.zip" % bid)
                self.assertIn(z.status, (200, 409), z)
            bt = wait_batch(self, self.staff, bid)
            took = time.time() - t_post
            # At least one login after the drawing, too.
            seen = len(logins)
            deadline = time.time() + 30
            while len(logins) <= seen and time.time() < deadline and \
                    th.is_alive():
                time.sleep(0.02)
        finally:
            stop.set()
            th.join(60)
        print("\n    batch of %d: first poll %s (%d/%d); drawn in %.2fs; "
              "logins meanwhile: %s" % (
                  n, first["status"], first["done"], n, took, ", ".join(
                      "%.0f ms%s" % (t * 1000, " (batch running)"
                                     if running else "")
                      for t, running in logins)))
        self.assertEqual(login_errors, [])
        self.assertGreater(len(logins), seen, "no login answered")
        self.assertEqual((bt["done"], bt["failed"], bt["total"]), (n, 0, n))
        page = self.staff.get("/batches/%d" % bid)
        self.assertIsNone(page.header("refresh"))
        self.assertIn('data-done="%d" data-total="%d"' % (n, n), page.text)
        self.assertIn('id="zip-link" href="/batches/%d.zip"' % bid,
                      page.text)

        certs = {}
        for p in people:
            mine = self.certs_of(p)
            self.assertEqual(len(mine), 1, (p.name, mine))
            c = mine[0]
            self.assertEqual((c["lang"], c["status"], c["holder"]),
                             ("both", "valid", p.name))
            certs[c["serial"]] = c
        self.assertEqual(len(certs), n)
        disk = {}
        for serial in certs:
            path = os.path.join(self.server.dir, "certificates",
                                serial + ".png")
            self.assertTrue(os.path.isfile(path), path)
            with open(path, "rb") as f:
                disk[serial] = f.read()
            self.assertEqual(disk[serial][:8], PNG_MAGIC)

        r = self.staff.get("/batches/%d.zip" % bid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "application/zip")
        zf = zipfile.ZipFile(io.BytesIO(r.body))
        self.assertIsNone(zf.testzip())
        names = zf.namelist()
        self.assertEqual(len(names), 2 * n, names)
        self.assertEqual(sorted(names), sorted(s + ext for s in certs
                                               for ext in (".png", ".pdf")))
        for name in names:
            if name.endswith(".png"):
                self.assertEqual(zf.read(name), disk[name[:-4]], name)
            else:
                self.assertEqual(zf.read(name)[:5], b"%PDF-", name)
        one = sorted(certs)[n // 2]
        self.assertEqual(zbar(zf.read(one + ".png")), certs[one]["qr"])
        # Another apprentice or the teacher may not have the ZIP.
        self.assertEqual(self.teacher.get("/batches/%d.zip" % bid).status,
                         403)


if __name__ == "__main__":
    unittest.main()
