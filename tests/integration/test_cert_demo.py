"""The demo's certificates (`yujiang-admin init`): one of every kind and
state — the JB102 run's three graduates issued in one batch (刘志远's
re-issued, so one superseded; 梁伟's revoked), skill levels (张小敏's of
2022 expired), an award (张小敏) and a title (黄少明); 何嘉欣 shares hers.
Every PNG the init drew decodes with the real zbarimg to a URL on this
server whose verify page gives that certificate's verdict; every holder
sees exactly their own; the batch is done and its ZIP holds its PNGs."""
import io
import os
import unittest
import zipfile

from cert_util import (SERIAL_RE, china_today, url_path, verdict,
                       verify_api, zbar_file)
from harness import ServerTestCase, user
from training_util import demo_accounts, login

PUBLIC = {"valid": "valid", "revoked": "revoked", "superseded": "revoked",
          "expired": "expired"}


class DemoCertsTest(ServerTestCase):
    init = True
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        r = cls.staff.get("/api/v1/certs")
        assert r.status == 200, r
        cls.listing = r.json()
        cls.certs = cls.listing["certificates"]
        cls.accounts_demo = demo_accounts(cls.server)

    def of(self, holder, **match):
        return [c for c in self.certs if c["holder"] == holder and
                all(c[k] == v for k, v in match.items())]

    def test_every_kind_and_state(self):
        certs = self.certs
        self.assertGreaterEqual(len(certs), 8, certs)
        self.assertEqual({c["kind"] for c in certs},
                         {"course", "level", "award", "title", "guide"})
        states = [c["status"] for c in certs]
        for s in ("valid", "revoked", "expired", "superseded"):
            self.assertIn(s, states)
        self.assertEqual(states.count("revoked"), 1, states)
        self.assertEqual(states.count("superseded"), 1, states)
        # 梁伟's completion waits again: its certificate was revoked
        # pending a review; nothing else is left without one.
        self.assertEqual([(p["kind"], p["name"]) for p in
                          self.listing["pending"]], [("course", "梁伟")],
                         self.listing["pending"])
        for c in certs:
            with self.subTest(serial=c["serial"]):
                m = SERIAL_RE.match(c["serial"])
                self.assertIsNotNone(m, c["serial"])
                self.assertEqual(m.group(1), c["issued"][2:4])
                self.assertEqual(int(m.group(2)), c["level"])
                self.assertEqual(c["level"] != 0, c["kind"] == "level")
                if c["status"] == "expired":
                    self.assertLess(c["expires"], china_today())
                elif c["expires"] is not None:
                    self.assertGreaterEqual(c["expires"], china_today())
        self.assertEqual(len({c["serial"] for c in certs}), len(certs))
        self.assertEqual(len({c["code"] for c in certs}), len(certs))

        # The JB102 graduates.
        liu = self.of("刘志远", kind="course")
        self.assertEqual(sorted(c["status"] for c in liu),
                         ["superseded", "valid"])
        old = next(c for c in liu if c["status"] == "superseded")
        new = next(c for c in liu if c["status"] == "valid")
        self.assertEqual(old["superseded_by"],
                         {"code": new["code"], "serial": new["serial"]})
        self.assertEqual(new["lang"], "zh")
        self.assertTrue(old.get("reissue_reason"), old)
        liang = self.of("梁伟", kind="course")
        self.assertEqual([c["status"] for c in liang], ["revoked"])
        self.assertIn("成绩登记有误", liang[0]["revoked"]["reason"])
        self.assertEqual([c["status"] for c in
                          self.of("何嘉欣", kind="course")], ["valid"])
        # Levels, the award, the title.
        zhang = self.of("张小敏", kind="level")
        self.assertIn("expired", [c["status"] for c in zhang])
        self.assertTrue(any(c["issued"].startswith("2022-") and
                            c["status"] == "expired" for c in zhang), zhang)
        # The 2025 festival's award, and the two golds of the demo's
        # published competition (#7).
        self.assertEqual([c["status"] for c in
                          self.of("张小敏", kind="award")], ["valid"] * 3)
        self.assertEqual([c["status"] for c in
                          self.of("黄少明", kind="title")], ["valid"])

    def test_every_png_scans_to_its_verdict(self):
        d = os.path.join(self.server.dir, "certificates")
        files = sorted(f for f in os.listdir(d) if f.endswith(".png"))
        by_serial = {c["serial"]: c for c in self.certs}
        self.assertEqual(sorted(f[:-4] for f in files), sorted(by_serial))
        base = self.server.base
        for f in files:
            c = by_serial[f[:-4]]
            with self.subTest(png=f, status=c["status"]):
                text = zbar_file(os.path.join(d, f))
                self.assertTrue(text.startswith(base + "/v/" + c["code"] +
                                                "#"), text)
                self.assertEqual(text, c["qr"])
                path = url_path(self, text, base)
                r = self.client().get(path)
                self.assertEqual(r.status, 200, r)
                v = verdict(r.text)
                self.assertEqual(v["status"], PUBLIC[c["status"]], v)
                self.assertEqual(v["holder"], c["holder"])
                self.assertEqual(v["serial"], c["serial"])
                if c["status"] == "superseded":
                    self.assertEqual(v["superseded_by"],
                                     "/v/" + c["superseded_by"]["code"])
                if c["status"] == "revoked":
                    self.assertIn(c["revoked"]["reason"], v["reason"])
                j = verify_api(self.client(), c["code"]).json()
                self.assertEqual(j["status"], PUBLIC[c["status"]])

    def test_holders_see_their_own(self):
        holders = {c["holder"] for c in self.certs}
        # With the competition's award winners (#7) and the ten
        # 金牌导购大师 of the guide selection (#19).
        self.assertEqual(holders, {"刘志远", "何嘉欣", "梁伟", "张小敏",
                                   "黄少明", "陈美玲", "吴家豪", "黄志伟",
                                   "林晓彤", "郑雅文", "罗嘉怡", "梁志强",
                                   "冯晓晴", "邓伟明", "谢婉婷", "杜家乐",
                                   "曾丽萍", "潘俊杰", "袁诗琪", "钟浩然"})
        for name in sorted(holders):
            with self.subTest(holder=name):
                acc, pw = self.accounts_demo[name]
                p = login(self.server, acc, pw)
                j = p.get("/api/v1/certs").json()
                self.assertEqual(sorted(c["id"] for c in j["certificates"]),
                                 sorted(c["id"] for c in self.of(name)))
                self.assertIs(j["share"], name == "何嘉欣")
                for c in j["certificates"]:
                    r = p.get(c["png_url"])
                    self.assertEqual(r.status, 200, (c["serial"], r))
                    with open(os.path.join(self.server.dir, "certificates",
                                           c["serial"] + ".png"),
                              "rb") as f:
                        self.assertEqual(r.body, f.read())
                # Not someone else's.
                other = next(c for c in self.certs if c["holder"] != name)
                self.assertEqual(p.get("/certs/%d" % other["id"]).status,
                                 404)

    def test_he_jiaxin_shares(self):
        he = [c for c in self.of("何嘉欣") if c["status"] == "valid"]
        self.assertGreaterEqual(len(he), 2, he)
        for c in he:
            with self.subTest(serial=c["serial"]):
                j = verify_api(self.client(), c["code"]).json()
                self.assertEqual(sorted(x["code"] for x in j["related"]),
                                 sorted(x["code"] for x in he
                                        if x["id"] != c["id"]))
                page = self.client().get("/v/" + c["code"]).text
                self.assertIn('id="related"', page)
        # Others do not share.
        for c in self.of("张小敏", status="valid"):
            j = verify_api(self.client(), c["code"]).json()
            self.assertNotIn("related", j)

    def test_the_batch(self):
        # The run's batch (the competition's awards have their own).
        rows = self.server.sql("SELECT DISTINCT c.batch FROM certificates c "
                               "JOIN cert_batches b ON b.id = c.batch "
                               "WHERE b.event LIKE 'run:%'")
        self.assertEqual(len(rows), 1, rows)
        bid = int(rows[0][0])
        r = self.staff.get("/api/v1/batches/%d" % bid)
        self.assertEqual(r.status, 200, r)
        b = r.json()["batch"]
        self.assertEqual((b["status"], b["total"], b["done"], b["failed"]),
                         ("done", 3, 3, 0), b)
        self.assertEqual(b["lang"], "both")
        # The three issued, and 刘志远's re-issue, which stays in the
        # batch; its ZIP holds the two that stand (not the superseded
        # one, not 梁伟's revoked one).
        self.assertEqual(len(self.server.sql(
            "SELECT serial FROM certificates WHERE batch = ?1", bid)), 4)
        serials = [s for (s,) in self.server.sql(
            "SELECT serial FROM certificates WHERE batch = ?1 AND "
            "current = 1 AND revoked IS NULL", bid)]
        self.assertEqual(len(serials), 2)
        r = self.staff.get("/batches/%d.zip" % bid)
        self.assertEqual(r.status, 200, r)
        zf = zipfile.ZipFile(io.BytesIO(r.body))
        self.assertIsNone(zf.testzip())
        self.assertEqual(sorted(zf.namelist()),
                         sorted(s + ext for s in serials
                                for ext in (".png", ".pdf")))
        for s in serials:
            for ext in (".png", ".pdf"):
                with open(os.path.join(self.server.dir, "certificates",
                                       s + ext), "rb") as f:
                    self.assertEqual(zf.read(s + ext), f.read())
        # The run is all issued: asking again names this batch.
        run = int(b["event"].split(":")[1])
        r = self.staff.post("/api/v1/runs/%d/certificates" % run, {})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["latest"], bid)
        self.assertEqual(r.json()["issued"], 0)
        self.assertEqual(r.json()["completers"], 3)
        page = self.staff.get("/batches/%d" % bid)
        self.assertEqual(page.status, 200, page)
        self.assertIsNone(page.header("refresh"))


if __name__ == "__main__":
    unittest.main()
