"""Blind judging must not leak through a photo's bytes (issue 12, item 5).

The attack: a judge hashes an entry's photo (/entries/<id>/photos/<n>.jpg)
and looks for the same file among every photo anyone can fetch — the
works of /api/v1/works and of the gallery and masters' pages, at every
size, including photos saved before the work was entered — and reads the
owner's name beside it. Two things defeat it, and both are tested here:

- an entry's photos are its own files, re-encoded when it is made, so
  their bytes match no photo file of any work (not even the stored ones
  their owner can fetch);
- while a competition that holds a work is not published, the work is
  hidden from the public: not listed, 404 when opened (its owner and staff
  still see it), and making it public is refused with 409 and the reason
  in the owner's language. After publication it is as its owner set it.

Entries made before this change have no files of their own; they are
made the first time the entry's photo is asked for (test below)."""
import hashlib
import os
import pwd
import re
import unittest

from comp_util import (add_category, add_judge, build, check_ok, comp_open,
                       create_comp, enter_ok, flat, lock, publish,
                       selection_apprentice, sheet_ok, step_ok,
                       work_with_photo)
from harness import ServerTestCase, user
from incub_util import SIZES, work_body
from training_util import login, new_apprentice, new_master

PHOTO_URL = re.compile(r"/photos/[0-9]+/(?:full|phone|thumb)\.jpg")


def sha(body):
    return hashlib.sha256(body).hexdigest()


def crawl(client):
    """{url: sha256} of every photo the client can reach from the public
    lists: /api/v1/works (every size of every photo), the gallery page,
    each listed work's page, and the masters' pages (their works)."""
    urls = set()
    r = client.get("/api/v1/works")
    assert r.status == 200, r
    works = r.json()["works"]
    for w in works:
        urls.update(p[s] for p in w["photos"] for s in SIZES)
        page = client.get("/works/%d" % w["id"])
        urls.update(PHOTO_URL.findall(page.text))
    urls.update(PHOTO_URL.findall(client.get("/works").text))
    r = client.get("/api/v1/masters")
    assert r.status == 200, r
    for m in r.json()["masters"]:
        urls.update(PHOTO_URL.findall(client.get(
            "/masters/%d" % m["id"]).text))
    out = {}
    for u in urls:
        p = client.get(u)
        if p.status == 200:
            out[u] = sha(p.body)
    return out


class BlindPhotosTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        staff = cls.staff = login(cls.server, cls.accounts["staff"])
        anon = cls.server.client()
        cls.comp = create_comp(staff, min_panel=1)
        cid = cls.cid = cls.comp["id"]
        cat = add_category(staff, cid, "摆件", "Ornament")
        cls.judge = new_master(cls.server, staff, "评委甲")
        add_judge(staff, cid, cat, cls.judge.id)
        cls.bystander = new_apprentice(cls.server, "旁观学员")
        # 甲 enters a private work and tries to make it public mid-way;
        # 乙 enters a work that was public before, which the judge's
        # crawler saw (and hashed) then.
        cls.a = selection_apprentice(cls.server, staff, "欧阳明珠")
        cls.wa = work_with_photo(cls.a, "冰种翡翠貔貅摆件", photos=2)
        cls.b = selection_apprentice(cls.server, staff, "司马玉琴")
        cls.wb = work_with_photo(cls.b, "紫罗兰翡翠手镯", photos=1,
                                 public=True)
        # 丙's entry stands for one made before entries had files of
        # their own (an upgraded data directory): its file is removed.
        cls.c = selection_apprentice(cls.server, staff, "上官玉洁")
        cls.wc = work_with_photo(cls.c, "岫玉竹节挂件", photos=1)
        cls.seen_before = crawl(anon)
        cls.wb_listed_before = cls.wb["id"] in cls.listed(anon)
        cls.ea = enter_ok(cls.a, cid, cat, cls.wa["id"])
        cls.eb = enter_ok(cls.b, cid, cat, cls.wb["id"])
        cls.ec = enter_ok(cls.c, cid, cat, cls.wc["id"])
        cls.legacy = os.path.join(cls.server.dir, "uploads", "entries",
                                  "%d-1.jpg" % cls.ec["id"])
        cls.legacy_existed = os.path.exists(cls.legacy)
        if cls.legacy_existed:
            os.unlink(cls.legacy)
        for e in (cls.ea, cls.eb, cls.ec):
            check_ok(staff, e["id"])
        step_ok(comp_open(staff, cid), "open")

        # -- while judging ------------------------------------------------
        cls.public_zh = cls.a.post("/api/v1/works/%d" % cls.wa["id"],
                                   work_body(title="冰种翡翠貔貅摆件",
                                             public=True))
        cls.a.client.lang = "en"
        cls.public_en = cls.a.post("/api/v1/works/%d" % cls.wa["id"],
                                   work_body(title="冰种翡翠貔貅摆件",
                                             public=True))
        cls.a.client.lang = None
        # The owner edits it otherwise, keeping it private: fine.
        cls.edit_private = cls.a.post("/api/v1/works/%d" % cls.wa["id"],
                                      work_body(title="冰种翡翠貔貅摆件",
                                                size="12 cm", public=False))
        cls.entry_photos = {}
        for e, n in ((cls.ea, 2), (cls.eb, 1)):
            for i in range(1, n + 1):
                r = cls.judge.get("/entries/%d/photos/%d.jpg" % (e["id"], i))
                assert r.status == 200, r
                cls.entry_photos[(e["id"], i)] = sha(r.body)
        cls.legacy_photo = cls.judge.get("/entries/%d/photos/1.jpg" %
                                         cls.ec["id"])
        cls.legacy_again = cls.judge.get("/entries/%d/photos/1.jpg" %
                                         cls.ec["id"])
        cls.seen_judging = {}
        for c in (anon, cls.judge.client, cls.bystander.client):
            cls.seen_judging.update(crawl(c))
        cls.listed_judging = cls.listed(anon)
        cls.gallery_judging = anon.get("/works").text
        cls.open_judging = {}
        for who, c in (("anonymous", anon), ("judge", cls.judge.client),
                       ("apprentice", cls.bystander.client),
                       ("owner", cls.b.client), ("staff", staff.client)):
            cls.open_judging[who] = (
                c.get("/api/v1/works/%d" % cls.wb["id"]),
                c.get("/works/%d" % cls.wb["id"]).status,
                c.get(cls.wb["photos"][0]["thumb"]).status)
        cls.owner_page = cls.b.get("/works/%d" % cls.wb["id"]).text

        # -- published ----------------------------------------------------
        for e in (cls.ea, cls.eb, cls.ec):
            sheet_ok(cls.judge, e["id"], flat(8))
        step_ok(lock(staff, cid), "lock")
        step_ok(publish(staff, cid), "publish")

    @staticmethod
    def listed(client):
        return [w["id"] for w in client.get("/api/v1/works").json()["works"]]

    def stored_photos(self):
        """{path: sha256} of every photo file of a work in the data
        directory: all anyone can ever be served under /photos/."""
        d = os.path.join(self.server.dir, "uploads", "photos")
        out = {}
        for name in os.listdir(d):
            with open(os.path.join(d, name), "rb") as f:
                out[name] = sha(f.read())
        return out

    def test_entry_photo_bytes_match_no_public_photo(self):
        """The judge's hash-match finds nothing."""
        self.assertTrue(self.wb_listed_before)
        self.assertTrue(self.seen_before, "the crawl before saw photos")
        public = set(self.seen_before.values()) | set(
            self.seen_judging.values())
        for key, h in self.entry_photos.items():
            with self.subTest(entry=key):
                self.assertNotIn(h, public, "entry photo %r is a public "
                                 "file" % (key,))
        # Nor any stored photo of a work, at any size, public or not.
        stored = self.stored_photos()
        self.assertEqual(len(stored), 4 * 3)    # 4 photos x 3 sizes
        hit = set(self.entry_photos.values()) & set(stored.values())
        self.assertEqual(hit, set(), "entry photos are work photo files")
        # Each entry photo is a file of its own, in its own folder.
        d = os.path.join(self.server.dir, "uploads", "entries")
        for (eid, n), h in self.entry_photos.items():
            with open(os.path.join(d, "%d-%d.jpg" % (eid, n)), "rb") as f:
                self.assertEqual(sha(f.read()), h)

    def test_entered_work_is_hidden_while_judged(self):
        wid = self.wb["id"]
        self.assertNotIn(wid, self.listed_judging)
        self.assertNotIn(self.wa["id"], self.listed_judging)
        self.assertNotIn('href="/works/%d"' % wid, self.gallery_judging)
        for who in ("anonymous", "judge", "apprentice"):
            with self.subTest(who=who):
                api, page, photo = self.open_judging[who]
                self.assertJSONError(api, 404, "not_found")
                self.assertEqual((page, photo), (404, 404))
        for who in ("owner", "staff"):
            with self.subTest(who=who):
                api, page, photo = self.open_judging[who]
                self.assertEqual((api.status, page, photo), (200, 200, 200))
                w = api.json()["work"]
                self.assertEqual((w["public"], w["held"]), (True, True))
        self.assertIn('id="work-held"', self.owner_page)

    def test_making_it_public_is_refused_with_a_reason(self):
        self.assertJSONError(self.public_zh, 409, "work_entered")
        self.assertIn("公布", self.public_zh.json()["message"])
        self.assertJSONError(self.public_en, 409, "work_entered")
        self.assertIn("published", self.public_en.json()["message"])
        self.assertEqual(self.edit_private.status, 200, self.edit_private)
        self.assertEqual(self.edit_private.json()["work"]["size"], "12 cm")
        self.assertIs(self.edit_private.json()["work"]["public"], False)

    def test_published_the_work_is_as_its_owner_set_it(self):
        anon = self.client()
        self.assertIn(self.wb["id"], self.listed(anon))
        self.assertEqual(anon.get(self.wb["photos"][0]["phone"]).status, 200)
        self.assertIs(get_held(self.b, self.wb["id"]), False)
        r = self.a.post("/api/v1/works/%d" % self.wa["id"],
                        work_body(title="冰种翡翠貔貅摆件", public=True))
        self.assertEqual(r.status, 200, r)
        self.assertIn(self.wa["id"], self.listed(anon))
        # The entries keep their own photos, still unlike the work's.
        stored = set(self.stored_photos().values())
        for (eid, n), h in self.entry_photos.items():
            r = anon.get("/entries/%d/photos/%d.jpg" % (eid, n))
            self.assertEqual((r.status, sha(r.body)), (200, h))
            self.assertNotIn(h, stored)

    def test_an_entry_without_its_own_file_gets_one(self):
        """Entries made before entries had files of their own (an
        upgraded data directory): the file is made when first asked for,
        from the work's photo, and is unlike it and every public one."""
        self.assertTrue(self.legacy_existed, "the entry made its own file")
        r = self.legacy_photo
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "image/jpeg")
        self.assertEqual(r.body[:2], b"\xff\xd8")
        self.assertEqual(self.legacy_again.body, r.body)
        with open(self.legacy, "rb") as f:
            self.assertEqual(f.read(), r.body)
        self.assertNotIn(sha(r.body), set(self.stored_photos().values()))
        self.assertNotIn(sha(r.body), set(self.seen_before.values()) |
                         set(self.seen_judging.values()))
        self.assertHealthy()


@unittest.skipUnless(os.geteuid() == 0, "production mode needs root "
                     "(chroot and runas)")
class ProductionEntryPhotosTest(ServerTestCase):
    """As deployed (chroot, runas nobody, sandbox): the workers write the
    entries' copies into a folder the parent made theirs, at entry and
    when one is missing."""
    production = True
    users = {"staff": user("周晓琳", "staff")}

    def test_copies_are_written_as_deployed(self):
        staff = login(self.server, self.accounts["staff"])
        b = build(self.server, staff, [("a", "摆件", "Ornaments")],
                  [("x", "a", None, "翡翠摆件")], judges={"a": 1},
                  min_panel=1)
        eid, judge = b.entries["x"]["id"], b.judges["a"][0]
        path = os.path.join(self.server.dir, "uploads", "entries",
                            "%d-1.jpg" % eid)
        self.assertEqual(os.stat(path).st_uid, pwd.getpwnam("nobody").pw_uid)
        first = judge.get("/entries/%d/photos/1.jpg" % eid)
        self.assertEqual(first.status, 200, first)
        os.unlink(path)
        again = judge.get("/entries/%d/photos/1.jpg" % eid)
        self.assertEqual(again.status, 200, again)
        self.assertTrue(os.path.exists(path))
        self.assertHealthy()


def get_held(person, wid):
    r = person.get("/api/v1/works/%d" % wid)
    assert r.status == 200, r
    return r.json()["work"]["held"]


if __name__ == "__main__":
    unittest.main()
