"""Two races (issue 15, item 8), each with requests spread over workers.

Photos: a photo's files are unlinked after the deletion of its row
commits. SQLite gave the next photo max(id) + 1, so a photo uploaded in
that moment got the deleted one's id and then lost its files. Ids are
never handed out twice now: one deleter and two uploaders run in a loop,
every id any upload got is distinct and rising, and every live photo's
three files are on disk at the end.

Batch ZIP: a ZIP built from a list read before a revocation could be
renamed into place after it, and then served with the revoked
certificate until the next change. Revocations race ZIP builds here; a
ZIP fetched after a revocation answered never holds that certificate."""
import io
import os
import random
import threading
import time
import unittest
import zipfile

from cert_util import graduates, issue_ok, wait_batch
from harness import ServerTestCase, user
from incub_util import SIZES, create_work, png_fast, upload_api
from training_util import SPREAD_OVER_WORKERS, login, new_apprentice, \
    new_master


class RacesTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}
    extra_conf = SPREAD_OVER_WORKERS

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")

    def files(self, pid):
        return [os.path.join(self.server.dir, "uploads", "photos",
                             "%d-%s.jpg" % (pid, s)) for s in SIZES]

    def upload(self, owner, wid, shade=90):
        r = upload_api(owner, wid, png_fast(48, 32, (40, 140, shade)),
                       "p.png", "image/png")
        self.assertEqual(r.status, 201, r)
        return max(p["id"] for p in r.json()["work"]["photos"])

    def test_photo_id_never_used_again(self):
        owner = new_apprentice(self.server, "何嘉欣")
        wid = create_work(owner, title="白玉观音")["id"]
        first = self.upload(owner, wid)
        r = owner.post("/api/v1/photos/%d/delete" % first, {})
        self.assertEqual(r.status, 200, r)
        second = self.upload(owner, wid)
        self.assertGreater(second, first)
        self.assertTrue(all(os.path.exists(f) for f in self.files(second)))

    def test_photos_deleted_while_others_upload(self):
        owner = new_apprentice(self.server, "林晓雯")
        works = [create_work(owner, title="翡翠%d" % i)["id"]
                 for i in range(2)]
        others = [new_apprentice(self.server, "上传者%d" % i)
                  for i in range(2)]
        their = [create_work(o, title="和田玉")["id"] for o in others]
        stop = threading.Event()
        handed = []             # every id an upload was given
        errors = []
        lock = threading.Lock()

        def uploader(person, wid, seed):
            rnd = random.Random(seed)
            while not stop.is_set():
                r = upload_api(person, wid, png_fast(48, 32, (
                    40, 140, rnd.randrange(256))), "p.png", "image/png")
                if r.status == 409:     # 8 already: make room
                    ids = [p["id"] for p in person.get(
                        "/api/v1/works/%d" % wid).json()["work"]["photos"]]
                    d = person.post("/api/v1/photos/%d/delete" % ids[0], {})
                    if d.status != 200:
                        errors.append(d)
                    continue
                if r.status != 201:
                    errors.append(r)
                    continue
                got = max(p["id"] for p in r.json()["work"]["photos"])
                with lock:
                    handed.append(got)

        def deleter():
            # The owner's newest photo, deleted as soon as it comes:
            # the id SQLite would give next.
            while not stop.is_set():
                for wid in works:
                    r = upload_api(owner, wid, png_fast(48, 32))
                    if r.status != 201:
                        errors.append(r)
                        continue
                    pid = max(p["id"] for p in r.json()["work"]["photos"])
                    with lock:
                        handed.append(pid)
                    d = owner.post("/api/v1/photos/%d/delete" % pid, {})
                    if d.status != 200:
                        errors.append(d)

        threads = [threading.Thread(target=deleter, daemon=True)] + [
            threading.Thread(target=uploader, args=(o, w, i), daemon=True)
            for i, (o, w) in enumerate(zip(others, their))]
        for t in threads:
            t.start()
        time.sleep(8)
        stop.set()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        live = [int(r[0]) for r in self.server.sql("SELECT id FROM photos")]
        missing = [pid for pid in live
                   if not all(os.path.exists(f) for f in self.files(pid))]
        dup = len(handed) - len(set(handed))
        print("\n    %d uploads, %d ids given twice, %d live photos, "
              "%d without their files" % (len(handed), dup, len(live),
                                          len(missing)))
        self.assertEqual(missing, [])
        self.assertEqual(dup, 0, "a photo id was given twice")
        self.assertHealthy()

    def test_revocations_race_zip_builds(self):
        n = 30
        run, people, events = graduates(self, self.server, self.staff,
                                        self.teacher.id, n, "打包")
        r = self.staff.post("/api/v1/runs/%d/certificates" % run,
                            {"lang": "zh"})
        self.assertEqual(r.status, 202, r)
        bid = r.json()["batch"]["id"]
        bt = wait_batch(self, self.staff, bid)
        self.assertEqual((bt["done"], bt["failed"]), (n, 0), bt)
        rows = self.server.sql("SELECT id, serial FROM certificates WHERE "
                               "batch = ?1 ORDER BY id", bid)
        certs = [(int(i), s) for i, s in rows]
        self.assertEqual(len(certs), n)
        zipped = {}

        took = []

        def fetch(key):
            t0 = time.time()
            z = self.staff.get("/batches/%d.zip" % bid)
            took.append(time.time() - t0)
            zipped[key] = z

        def serials(z):
            self.assertEqual(z.status, 200, z)
            return {name[:-4] for name in
                    zipfile.ZipFile(io.BytesIO(z.body)).namelist()}

        revoked = set()
        stale = []
        for k, (cid, serial) in enumerate(certs[:n - 2]):
            # A build under way (the last revocation removed the ZIP)...
            th = threading.Thread(target=fetch, args=(k,))
            th.start()
            time.sleep(random.uniform(0.0, 0.004) * (k % 4))
            # ...and a revocation meanwhile.
            r = self.staff.post("/api/v1/certs/%d/revoke" % cid,
                                {"reason": "竞态测试"})
            self.assertEqual(r.status, 200, r)
            revoked.add(serial)
            th.join(60)
            self.assertIn(zipped[k].status, (200, 503), zipped[k])
            # Asked after the revocation answered: never holds it.
            after = serials(self.staff.get("/batches/%d.zip" % bid))
            if after & revoked:
                stale.append((k, sorted(after & revoked)))
        print("\n    %d revocations raced ZIP builds (%.0f ms each at the "
              "median); %d stale ZIPs served after them" % (
                  n - 2, sorted(took)[len(took) // 2] * 1000, len(stale)))
        self.assertEqual(stale, [])
        self.assertEqual(serials(self.staff.get("/batches/%d.zip" % bid)),
                         {s for _, s in certs[n - 2:]})
        leftovers = [f for f in os.listdir(os.path.join(
            self.server.dir, "certificates")) if f.endswith(".tmp")]
        self.assertEqual(leftovers, [])
        self.assertHealthy()


if __name__ == "__main__":
    unittest.main()
