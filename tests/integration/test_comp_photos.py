"""An entry is judged on the photos it was entered with: photos the
entrant adds to the work afterwards are not the entry's, and a photo an
entry uses cannot be deleted (409 photo_entered) — during judging an
entrant could otherwise swap a picture for one that signals a judge, or
take them all away. Also: anonymous readers of a competition get no
"my entries" (they are not apprentices)."""
from comp_util import build, judging
from harness import ServerTestCase, user
from incub_util import jpeg, upload_api
from training_util import login


class EntryPhotosTest(ServerTestCase):
    users = {"staff": user("周晓琳", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.b = build(cls.server, cls.staff, [("a", "摆件", "Ornaments")],
                      [("x", "a", None, "翡翠摆件")], judges={"a": 1},
                      min_panel=1)

    def test_photos_are_fixed_at_entry(self):
        b = self.b
        person, work, entry = b.people["x"], b.works["x"], b.entries["x"]
        judge = b.judges["a"][0]
        self.assertEqual(len(work["photos"]), 1)
        first = judge.get("/entries/%d/photos/1.jpg" % entry["id"])
        self.assertEqual(first.status, 200, first)
        self.assertEqual(first.header("content-type"), "image/jpeg")
        # A photo added to the work now is not the entry's.
        r = upload_api(person, work["id"], jpeg(120, 90), "late.jpg",
                       "image/jpeg")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(judge.get("/entries/%d/photos/2.jpg" %
                                   entry["id"]).status, 404)
        j = judge.get("/api/v1/judging/%d" % entry["id"]).json()
        self.assertEqual(j["photos"], ["/entries/%d/photos/1.jpg" %
                                       entry["id"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM comp_entry_photos WHERE entry = ?1",
            entry["id"]), [["1"]])
        # The entered photo cannot be deleted; the late one can.
        photos = person.get("/api/v1/works/%d" % work["id"]).json()[
            "work"]["photos"]
        self.assertEqual(len(photos), 2)
        entered, late = photos[0]["id"], photos[1]["id"]
        r = person.post("/api/v1/photos/%d/delete" % entered)
        self.assertEqual(r.status, 409, r)
        self.assertEqual(r.json()["error"], "photo_entered")
        self.assertIn("参赛", r.json()["message"])
        r = person.post("/photos/%d/delete" % entered, {})
        self.assertEqual(r.status, 409, r)
        self.assertEqual(person.post("/api/v1/photos/%d/delete" %
                                     late).status, 200)
        again = judge.get("/entries/%d/photos/1.jpg" % entry["id"])
        self.assertEqual(again.status, 200)
        self.assertEqual(again.body, first.body)
        self.assertIn(entry["code"], [e["code"] for e in
                                      judging(judge)[b.id]])

    def test_anonymous_is_no_entrant(self):
        r = self.client().get("/api/v1/competitions/%d" % self.b.id)
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("entries", r.json())
        page = self.client().get("/competitions/%d" % self.b.id)
        self.assertEqual(page.status, 200)
        self.assertNotIn('id="my-entries"', page.text)
        self.assertNotIn('id="enter"', page.text)
