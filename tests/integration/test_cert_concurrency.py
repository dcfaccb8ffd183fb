"""Certificates under concurrency: two staff issuing the same event at
the same moment (two workers, two SQLite connections) get exactly one
201 and one 409; two batch requests for one run at once make one batch
and one certificate per graduate; a run of 25 graduates is drawn in the
background (progress polled until done), every PNG is on disk and the
batch's ZIP holds exactly those files, byte for byte, one of them
decoding to its certificate's QR — while logins go on being answered."""
import io
import os
import re
import threading
import time
import unittest
import zipfile
from concurrent.futures import ThreadPoolExecutor

from cert_util import (PNG_MAGIC, graduates, issue, wait_batch, zbar)
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
                                    "latest": w["batch"]["id"]})
        r = self.staff.client.post_form(
            "/runs/%d/certificates" % run, {"lang": "zh"},
            page="/runs/%d" % run)
        self.assertRedirect(r, "/batches/%d" % w["batch"]["id"])

    def test_big_batch(self):
        n = 25
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, n, "大班")
        desk = self.staff.get("/runs/%d" % run)
        self.assertIn('id="issue-certs"', desk.text)
        self.assertIn('action="/runs/%d/certificates"' % run, desk.text)
        self.assertNotIn('id="issue-certs"',
                         self.teacher.get("/runs/%d" % run).text)
        # The staff's form, as a browser posts it.
        r = self.staff.client.post_form(
            "/runs/%d/certificates" % run, {"lang": "both"},
            page="/runs/%d" % run)
        self.assertEqual(r.status, 303, r)
        m = re.fullmatch(r"/batches/(\d+)", r.location or "")
        self.assertIsNotNone(m, r.location)
        bid = int(m.group(1))
        t_start = time.time()
        first = self.staff.get("/api/v1/batches/%d" % bid).json()["batch"]
        self.assertEqual(first["total"], n)
        self.assertEqual(first["lang"], "both")
        self.assertEqual(first["zip_url"], "/batches/%d.zip" % bid)
        if first["status"] == "running":
            # While drawing: the page refreshes itself, no ZIP yet (or,
            # if it finished in between, the whole ZIP).
            page = self.staff.get("/batches/%d" % bid)
            self.assertEqual(page.status, 200, page)
            if "正在生成证书图片" in page.text:
                self.assertEqual(page.header("refresh"), "2")
                self.assertNotIn('id="zip-link"', page.text)
            else:
                self.assertIsNone(page.header("refresh"))
            z = self.staff.get("/batches/%d.zip" % bid)
            self.assertIn(z.status, (200, 409), z)
        # Logins during the drawing.
        times = []
        for _ in range(3):
            t0 = time.time()
            viewer = self.client()
            r = viewer.login_api(self.accounts["viewer"])
            times.append(time.time() - t0)
            self.assertEqual(r.status, 200, r)
        during = self.staff.get("/api/v1/batches/%d" % bid).json()["batch"]
        print("\n    batch of %d: status after the logins %s (%d/%d); "
              "login times %s" % (
                  n, during["status"], during["done"], n,
                  ", ".join("%.0f ms" % (t * 1000) for t in times)))
        bt = wait_batch(self, self.staff, bid)
        print("    batch of %d drawn in %.1fs" % (n, time.time() - t_start))
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
        self.assertEqual(len(names), n, names)
        self.assertEqual(sorted(names), sorted(s + ".png" for s in certs))
        for name in names:
            self.assertEqual(zf.read(name), disk[name[:-4]], name)
        one = sorted(certs)[n // 2]
        self.assertEqual(zbar(zf.read(one + ".png")), certs[one]["qr"])
        # Another apprentice or the teacher may not have the ZIP.
        self.assertEqual(self.teacher.get("/batches/%d.zip" % bid).status,
                         403)


if __name__ == "__main__":
    unittest.main()
