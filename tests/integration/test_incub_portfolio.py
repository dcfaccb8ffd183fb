"""The portfolio (作品集): works made and edited through the form and the
JSON twin, every field's validation (missing, too long, control
characters, wrong JSON types), who sees a public and a private work (and
its photos) — anonymous, another apprentice, the owner, the owner's
master, their cohort mentor, an unrelated master, staff — masters'
own portfolios (their public works on their directory page), comments
by masters and staff only, and the public gallery whose photo URLs
load."""
import html
import re
import unittest

from harness import ServerTestCase, user
from incub_util import (SIZES, admit_ok, create_cohort, create_work,
                        get_work, jpeg_size, move, png, upload_api,
                        work_body)
from training_util import login, new_apprentice, new_master, take_on

LONG_ZH = "玉" * 60


def esc(s):
    return html.escape(s, quote=True).replace("&#x27;", "&#39;")


class PortfolioTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        s = cls.server
        cls.staff = login(s, cls.accounts["staff"])
        cls.owner = new_apprentice(s, "何嘉欣")
        cls.master = new_master(s, cls.staff, "王建平")
        take_on(cls.owner, cls.master)
        cls.mentor = new_master(s, cls.staff, "陈国强")
        r = move(cls.staff, cls.owner.id, "incubation", "比赛获奖")
        assert r.status == 200, r
        c = create_cohort(cls.staff, "2027 春季孵化班")
        admit_ok(cls.staff, c["id"], cls.owner.id, cls.mentor.id)
        cls.stranger_master = new_master(s, cls.staff, "李玉华")
        cls.other = new_apprentice(s, "陈美玲")
        cls.public = create_work(cls.owner, title="翡翠平安镯",
                                 public=True)["id"]
        cls.private = create_work(cls.owner, title="和田玉籽料随形挂件",
                                  material="hetian", public=False)["id"]
        for wid in (cls.public, cls.private):
            r = upload_api(cls.owner, wid, png(64, 48), "p.png", "image/png")
            assert r.status == 201, r

    def who(self):
        """(label, caller or None for anonymous, sees a private work)."""
        return (("anonymous", None, False), ("other apprentice", self.other,
                                             False),
                ("owner", self.owner, True), ("master", self.master, True),
                ("cohort mentor", self.mentor, True),
                ("unrelated master", self.stranger_master, False),
                ("staff", self.staff, True))

    def get(self, who, path):
        return (who.client if who is not None else self.client()).get(path)

    def my_works(self, who):
        r = who.get("/api/v1/portfolio")
        self.assertEqual(r.status, 200, r)
        return r.json()["works"]

    # -- making and editing ---------------------------------------------------

    def test_create_by_form_and_json(self):
        a = new_apprentice(self.server, "张小敏")
        # The page's form (multipart), a multi-line description.
        page = a.get("/portfolio")
        self.assertEqual(page.status, 200, page)
        self.assertIn('action="/portfolio"', page.text)
        desc = "利用独山玉的紫、白两色。\n设计荷塘小景。"
        r = a.client.post_multipart("/portfolio", [
            ("title", "俏色荷塘设计稿"), ("material", "dushan"),
            ("technique", "俏色设计"), ("size", "120 × 80 mm"),
            ("description", desc), ("public", "1")])
        self.assertEqual(r.status, 303, r)
        m = re.fullmatch(r"/works/(\d+)", r.location or "")
        self.assertTrue(m, r.location)
        first = int(m.group(1))
        w = get_work(a, first)
        self.assertEqual(
            {k: w[k] for k in ("title", "material", "technique", "size",
                               "description", "public", "user", "owner",
                               "url", "photo_count", "photos")},
            {"title": "俏色荷塘设计稿", "material": "dushan",
             "technique": "俏色设计", "size": "120 × 80 mm",
             "description": desc, "public": True, "user": a.id,
             "owner": "张小敏", "url": "/works/%d" % first,
             "photo_count": 0, "photos": []})
        self.assertEqual(w["comments"], [])
        # Urlencoded works too; public defaults to private.
        r = a.client.post_form("/portfolio", {"title": "素面平安扣",
                                              "material": "other"},
                               csrf=a.csrf)
        self.assertEqual(r.status, 303, r)
        second = int(r.location.rsplit("/", 1)[1])
        w = get_work(a, second)
        self.assertEqual((w["public"], w["technique"], w["size"],
                          w["description"]), (False, "", "", ""))
        # JSON: 201 with the whole work.
        r = a.post("/api/v1/works", work_body(title=LONG_ZH,
                                              material="xiuyan",
                                              public=False))
        self.assertEqual(r.status, 201, r)
        w = r.json()["work"]
        self.assertEqual((w["title"], w["material"], w["public"], w["user"],
                          w["photos"], w["photo_count"]),
                         (LONG_ZH, "xiuyan", False, a.id, [], 0))
        third = w["id"]
        self.assertEqual(w["url"], "/works/%d" % third)
        # Optional fields may be left out of the JSON.
        r = a.post("/api/v1/works", {"title": "原石", "material": "other"})
        self.assertEqual(r.status, 201, r)
        fourth = r.json()["work"]["id"]
        self.assertIs(r.json()["work"]["public"], False)
        # My portfolio: all of them, private too, newest first.
        self.assertEqual([x["id"] for x in self.my_works(a)],
                         [fourth, third, second, first])
        page = a.get("/portfolio").text
        for t in ("俏色荷塘设计稿", "素面平安扣", LONG_ZH):
            self.assertIn(t, page)
        # Nobody else's works are in it.
        self.assertNotIn(self.public, [x["id"] for x in self.my_works(a)])

    def test_edit(self):
        wid = create_work(self.owner, title="初稿", public=False)["id"]
        page = self.owner.get("/works/%d" % wid).text
        self.assertIn('id="work-form"', page)
        self.assertIn('action="/works/%d"' % wid, page)
        r = self.owner.client.post_multipart("/works/%d" % wid, [
            ("title", "定稿"), ("material", "hetian"), ("technique", "圆雕"),
            ("size", "50 mm"), ("description", "第二版"), ("public", "1")],
            page="/works/%d" % wid)
        self.assertRedirect(r, "/works/%d" % wid)
        w = get_work(self.client(), wid)        # public now
        self.assertEqual((w["title"], w["material"], w["technique"],
                          w["size"], w["description"], w["public"]),
                         ("定稿", "hetian", "圆雕", "50 mm", "第二版", True))
        r = self.owner.post("/api/v1/works/%d" % wid,
                            work_body(title="三稿", public=False))
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["work"]["title"],
                          r.json()["work"]["public"]), ("三稿", False))
        # Nobody else edits: another apprentice (403 on what they see,
        # 404 on what they do not), masters and staff (403).
        pub = create_work(self.owner, title="公开作品", public=True)["id"]
        self.assertJSONError(self.other.post("/api/v1/works/%d" % pub,
                                             work_body(title="改")), 403,
                             "not_yours")
        self.assertJSONError(self.other.post("/api/v1/works/%d" % wid,
                                             work_body(title="改")), 404,
                             "not_found")
        r = self.other.client.post_multipart(
            "/works/%d" % pub, [("title", "改"), ("material", "other")],
            csrf=self.other.csrf)
        self.assertEqual(r.status, 403, r)
        # Her master and her mentor see the private work but it is not
        # theirs; staff keep no portfolio.
        for who, code in ((self.master, "not_yours"),
                          (self.mentor, "not_yours"),
                          (self.staff, "forbidden")):
            with self.subTest(who=who.name):
                self.assertJSONError(who.post("/api/v1/works/%d" % wid,
                                              work_body(title="改")), 403,
                                     code)
        self.assertJSONError(self.stranger_master.post(
            "/api/v1/works/%d" % wid, work_body(title="改")), 404,
            "not_found")
        self.assertJSONError(self.client().post_json(
            "/api/v1/works/%d" % pub, work_body(title="改")), 401,
            "login_required")
        self.assertEqual(get_work(self.owner, wid)["title"], "三稿")
        self.assertEqual(get_work(self.owner, pub)["title"], "公开作品")
        self.assertJSONError(self.owner.post("/api/v1/works/999999",
                                             work_body()), 404, "not_found")

    def test_validation_json(self):
        a = new_apprentice(self.server, "林晓峰")
        ok = work_body(public=False)

        def body(**kw):
            b = dict(ok)
            for k, v in kw.items():
                if v is KeyError:
                    b.pop(k)
                else:
                    b[k] = v
            return b

        for fields, code in (
                ({"title": KeyError}, "invalid_title"),
                ({"title": ""}, "invalid_title"),
                ({"title": "玉" * 61}, "invalid_title"),
                ({"title": "a" * 1025}, "invalid_title"),
                ({"title": "平安\x07扣"}, "invalid_title"),
                ({"title": "平安\n扣"}, "invalid_title"),
                ({"title": "\x7f"}, "invalid_title"),
                ({"title": 42}, "invalid_title"),
                ({"title": None}, "invalid_title"),
                ({"material": KeyError}, "invalid_material"),
                ({"material": ""}, "invalid_material"),
                ({"material": "ruby"}, "invalid_material"),
                ({"material": "JADEITE"}, "invalid_material"),
                ({"material": "翡翠"}, "invalid_material"),
                ({"material": ["jadeite"]}, "invalid_material"),
                ({"technique": "刻" * 61}, "invalid_field"),
                ({"technique": "浮\x01雕"}, "invalid_field"),
                ({"technique": "浮\n雕"}, "invalid_field"),
                ({"technique": 5}, "invalid_field"),
                ({"size": "x" * 61}, "invalid_field"),
                ({"size": "30\tmm\x1b"}, "invalid_field"),
                ({"size": 30}, "invalid_field"),
                ({"description": "字" * 1001}, "invalid_description"),
                ({"description": "第一行\x1b第二行"}, "invalid_description"),
                ({"description": "响铃\x07"}, "invalid_description"),
                ({"description": ["a"]}, "invalid_description"),
                ({"public": "1"}, "invalid_public"),
                ({"public": 1}, "invalid_public"),
                ({"public": "true"}, "invalid_public"),
                ({"public": None}, "invalid_public")):
            with self.subTest(fields=fields):
                n = len(self.my_works(a))
                try:
                    self.assertJSONError(a.post("/api/v1/works",
                                                body(**fields)), 400, code)
                finally:        # and nothing was stored
                    self.assertEqual(len(self.my_works(a)), n)
        # Not JSON, not an object.
        self.assertJSONError(a.post("/api/v1/works", None, raw=b"[1]"), 400,
                             "bad_json")
        self.assertJSONError(a.post("/api/v1/works", None, raw=b"{"), 400,
                             "bad_json")
        # At the limits: 60, 60, 60 and 1000 characters.
        r = a.post("/api/v1/works", body(title="玉" * 60,
                                         technique="刻" * 60,
                                         size="寸" * 60,
                                         description="字" * 1000))
        self.assertEqual(r.status, 201, r)
        # A textarea's lines as a browser sends them (CRLF): 1000
        # characters, each line break one of them.
        desc = "\r\n".join(["字" * 9] * 100)         # 900 + 99 breaks
        r = a.post("/api/v1/works", body(description=desc))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["work"]["description"].replace("\r\n",
                                                                "\n"),
                         desc.replace("\r\n", "\n"))

    def test_validation_form(self):
        a = new_apprentice(self.server, "黄小龙")
        base = [("title", "平安扣"), ("material", "jadeite"),
                ("technique", "浮雕"), ("size", "30 mm"),
                ("description", "一\n二"), ("public", "0")]

        def post(**kw):
            fields = [(k, kw.pop(k) if k in kw else v) for k, v in base]
            fields = [(k, v) for k, v in fields if v is not None]
            fields += list(kw.items())
            return a.client.post_multipart("/portfolio", fields,
                                           csrf=a.csrf)

        for label, kw in (
                ("no title", {"title": None}),
                ("empty title", {"title": ""}),
                ("long title", {"title": "玉" * 61}),
                ("title with a control char", {"title": "平安\x07扣"}),
                ("no material", {"material": None}),
                ("bad material", {"material": "ruby"}),
                ("long technique", {"technique": "刻" * 61}),
                ("technique with a control char", {"technique": "浮\x01雕"}),
                ("technique over 1 KB", {"technique": "刻" * 400}),
                ("size with a newline", {"size": "30\nmm"}),
                ("long description", {"description": "字" * 1001}),
                ("description with a control char",
                 {"description": "一\x07二"}),
                ("public 2", {"public": "2"}),
                ("public yes", {"public": "yes"})):
            with self.subTest(label):
                n = len(self.my_works(a))
                try:
                    r = post(**kw)
                    self.assertEqual(r.status, 400, r)
                    self.assertIn("text/html", r.header("content-type", ""))
                finally:        # and nothing was stored
                    self.assertEqual(len(self.my_works(a)), n)
        n = len(self.my_works(a))
        # Urlencoded: a control character in the description.
        r = a.client.post_form("/portfolio", {
            "title": "平安扣", "material": "jadeite",
            "description": "一\x01二"}, csrf=a.csrf)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(len(self.my_works(a)), n)
        # A browser's textarea: CRLF line breaks, 1000 characters.
        desc = "\r\n".join(["字" * 9] * 100)
        r = post(description=desc)
        self.assertEqual(r.status, 303, r)
        self.assertEqual(len(self.my_works(a)), n + 1)

    # -- who sees what --------------------------------------------------------

    def test_visibility(self):
        pub = get_work(self.owner, self.public)
        priv = get_work(self.owner, self.private)
        title = priv["title"]
        for label, who, sees_private in self.who():
            for w, visible in ((pub, True), (priv, sees_private)):
                want = 200 if visible else 404
                paths = ["/works/%d" % w["id"], "/api/v1/works/%d" % w["id"]]
                paths += [p[s] for p in w["photos"] for s in SIZES]
                for path in paths:
                    with self.subTest(who=label, path=path):
                        r = self.get(who, path)
                        self.assertEqual(r.status, want, r)
                        if want == 404:
                            self.assertNotIn(title, r.text)
                            if path.startswith("/api/"):
                                self.assertJSONError(r, 404, "not_found")
                        elif path.endswith(".jpg"):
                            self.assertEqual(r.header("content-type"),
                                             "image/jpeg")
                        elif path.startswith("/api/"):
                            self.assertEqual(r.json()["work"]["id"],
                                             w["id"])
                        else:
                            self.assertIn(
                                '<h1 id="work-title">%s</h1>' %
                                esc(w["title"]), r.text)
            with self.subTest(who=label, path="/works lists"):
                listed = [x["id"] for x in self.get(
                    who, "/api/v1/works").json()["works"]]
                self.assertIn(self.public, listed)
                self.assertNotIn(self.private, listed)
                self.assertNotIn(title, self.get(who, "/works").text)
        # Only the owner gets the edit and upload forms.
        for label, who, _ in self.who():
            if who is None or who is self.owner:
                continue
            page = self.get(who, "/works/%d" % self.public).text
            self.assertNotIn('id="work-form"', page, label)
            self.assertNotIn('id="photo-form"', page, label)
        page = self.owner.get("/works/%d" % self.public).text
        self.assertIn('id="photo-form"', page)
        # Unknown works are not found.
        self.assertJSONError(self.client().get("/api/v1/works/999999"), 404,
                             "not_found")
        self.assertEqual(self.client().get("/photos/999999/full.jpg").status,
                         404)

    def test_private_again(self):
        """A public work made private disappears for others at once, its
        photos too; made public again, it comes back."""
        w = create_work(self.owner, title="会隐藏的作品", public=True)
        r = upload_api(self.owner, w["id"], png(50, 50), "p.png",
                       "image/png")
        self.assertEqual(r.status, 201, r)
        photo = r.json()["work"]["photos"][0]["thumb"]
        anon = self.client()
        self.assertEqual(anon.get(photo).status, 200)
        r = self.owner.post("/api/v1/works/%d" % w["id"],
                            work_body(title="会隐藏的作品", public=False))
        self.assertEqual(r.status, 200, r)
        for who in (anon, self.other.client, self.stranger_master.client):
            self.assertEqual(who.get(photo).status, 404)
            self.assertEqual(who.get("/works/%d" % w["id"]).status, 404)
        self.assertNotIn(w["id"], [x["id"] for x in anon.get(
            "/api/v1/works").json()["works"]])
        for who in (self.owner, self.master, self.mentor, self.staff):
            self.assertEqual(who.get(photo).status, 200, who.name)
        self.owner.post("/api/v1/works/%d" % w["id"],
                        work_body(title="会隐藏的作品", public=True))
        self.assertEqual(anon.get(photo).status, 200)

    def test_former_master_loses_sight(self):
        a = new_apprentice(self.server, "梁伟")
        m = new_master(self.server, self.staff, "黄少明")
        mid = take_on(a, m)
        w = create_work(a, title="学徒习作", public=False)
        self.assertEqual(m.get("/api/v1/works/%d" % w["id"]).status, 200)
        r = m.post("/api/v1/mentorships/%d/end" % mid, {"reason": "出师"})
        self.assertEqual(r.status, 200, r)
        self.assertJSONError(m.get("/api/v1/works/%d" % w["id"]), 404,
                             "not_found")

    def test_who_keeps_a_portfolio(self):
        """Apprentices and masters keep portfolios; a master's public
        works are on their page in the directory. Staff keep none."""
        m = new_master(self.server, self.staff, "陈国强")
        self.assertEqual(m.get("/api/v1/portfolio").json()["works"], [])
        self.assertEqual(m.get("/portfolio").status, 200)
        pub = create_work(m, title="师傅代表作", public=True)["id"]
        priv = create_work(m, title="师傅私藏", public=False)["id"]
        self.assertEqual([w["id"] for w in m.get(
            "/api/v1/portfolio").json()["works"]], [priv, pub])
        page = self.client().get("/masters/%d" % m.id).text
        works = re.search(r'<ul class="works" id="works">(.*?)</ul>', page,
                          re.S)
        self.assertTrue(works, "no ul#works on the master's page")
        self.assertIn('href="/works/%d"' % pub, works.group(1))
        self.assertNotIn('href="/works/%d"' % priv, page)
        self.assertNotIn("师傅私藏", page)
        # Staff: none; anonymous callers log in.
        self.assertEqual(self.staff.get("/portfolio").status, 403)
        self.assertJSONError(self.staff.get("/api/v1/portfolio"), 403,
                             "forbidden")
        self.assertJSONError(self.staff.post("/api/v1/works", work_body()),
                             403, "forbidden")
        anon = self.client()
        self.assertRedirect(anon.get("/portfolio"), "/login")
        self.assertJSONError(anon.get("/api/v1/portfolio"), 401,
                             "login_required")
        self.assertJSONError(anon.post_json("/api/v1/works", work_body()),
                             401, "login_required")

    # -- comments -------------------------------------------------------------

    def test_comments(self):
        wid = create_work(self.owner, title="待点评", public=False)["id"]
        pub = create_work(self.owner, title="公开待点评", public=True)["id"]
        path = "/api/v1/works/%d/comments" % wid
        said = []
        for who, text in ((self.master, "线条流畅，注意收口。"),
                          (self.mentor, "可以参加展览。"),
                          (self.staff, "驿站已记录。")):
            with self.subTest(who=who.name):
                r = who.post(path, {"body": text})
                self.assertEqual(r.status, 201, r)
                said.append((who.id, who.name, text))
                got = r.json()["work"]
                self.assertEqual(got["id"], wid)
        cs = get_work(self.owner, wid)["comments"]
        self.assertEqual([(c["author"], c["name"], c["body"]) for c in cs],
                         said)
        self.assertEqual([c["role"] for c in cs],
                         ["master", "master", "staff"])
        for c in cs:
            self.assertIsInstance(c["at"], int)
            self.assertIsInstance(c["id"], int)
        # An unrelated master: on a public work yes, a private one is
        # not found; apprentices (the owner too) never.
        r = self.stranger_master.post("/api/v1/works/%d/comments" % pub,
                                      {"body": "很好。"})
        self.assertEqual(r.status, 201, r)
        self.assertJSONError(self.stranger_master.post(path, {"body": "x"}),
                             404, "not_found")
        for who in (self.owner, self.other):
            with self.subTest(who=who.name):
                self.assertJSONError(who.post(path, {"body": "自评"}), 403,
                                     "forbidden")
                self.assertJSONError(who.post(
                    "/api/v1/works/%d/comments" % pub, {"body": "自评"}),
                    403, "forbidden")
        self.assertJSONError(self.client().post_json(
            "/api/v1/works/%d/comments" % pub, {"body": "x"}), 401,
            "login_required")
        self.assertEqual(len(get_work(self.owner, wid)["comments"]), 3)
        # The body: 1 to 500 characters, lines allowed.
        for body, code in (("", "invalid_comment"), (None, "invalid_comment"),
                           ("评" * 501, "invalid_comment"),
                           ("响\x07铃", "invalid_comment"),
                           (7, "invalid_comment")):
            with self.subTest(body=body):
                self.assertJSONError(self.master.post(path, {"body": body}),
                                     400, code)
        for body in ("评" * 500, "第一行\n第二行",
                     "\r\n".join(["评" * 9] * 50)):  # 450 + 49 breaks
            with self.subTest(ok=body[:12]):
                r = self.master.post(path, {"body": body})
                self.assertEqual(r.status, 201, r)
        # The form, on the work's page; the text is escaped there.
        xss = "<script>alert(1)</script>&"
        page = self.master.get("/works/%d" % wid).text
        self.assertIn('action="/works/%d/comments"' % wid, page)
        r = self.master.client.post_multipart(
            "/works/%d/comments" % wid, [("body", xss)],
            page="/works/%d" % wid)
        self.assertRedirect(r, "/works/%d" % wid)
        page = self.owner.get("/works/%d" % wid).text
        self.assertIn(esc(xss), page)
        self.assertNotIn(xss, page)
        self.assertIn("王建平", page)
        # No comment form for those who may not comment.
        for who in (self.owner, self.other):
            self.assertNotIn('action="/works/%d/comments"' % pub,
                             who.get("/works/%d" % pub).text)

    # -- the gallery ----------------------------------------------------------

    def test_gallery_lists_public_works_with_photos(self):
        a = new_apprentice(self.server, "刘志远")
        older = create_work(a, title="旧作", public=True)["id"]
        hidden = create_work(a, title="不公开", public=False)["id"]
        newer = create_work(a, title="新作", public=True)["id"]
        for wid, n in ((older, 2), (hidden, 1), (newer, 1)):
            for i in range(n):
                r = upload_api(a, wid, png(300 + i * 100, 200), "p.png",
                               "image/png")
                self.assertEqual(r.status, 201, r)
        anon = self.client()
        r = anon.get("/api/v1/works")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("content-type").startswith(
            "application/json"))
        works = r.json()["works"]
        ids = [w["id"] for w in works]
        self.assertEqual(ids, sorted(ids, reverse=True))     # newest first
        self.assertLess(ids.index(newer), ids.index(older))
        self.assertNotIn(hidden, ids)
        self.assertNotIn(self.private, ids)
        for w in works:
            self.assertIs(w["public"], True, w)
            self.assertEqual(w["photo_count"], len(w["photos"]), w)
            self.assertEqual(w["url"], "/works/%d" % w["id"])
            for p in w["photos"]:
                self.assertEqual(p["type"], "image/jpeg")
                for size in SIZES:
                    with self.subTest(work=w["id"], size=size):
                        f = anon.get(p[size])
                        self.assertEqual(f.status, 200, f)
                        self.assertEqual(f.header("content-type"),
                                         "image/jpeg")
                        got = jpeg_size(f.body)
                        if size == "full":
                            self.assertEqual(got, (p["width"], p["height"]))
                        elif size == "thumb":
                            self.assertEqual(got, (320, 320))
        mine = [w for w in works if w["id"] == older][0]
        self.assertEqual([(p["width"], p["height"]) for p in mine["photos"]],
                         [(300, 200), (400, 200)])
        # The HTML gallery: titles and thumbnails of public works only.
        page = anon.get("/works").text
        self.assertIn("新作", page)
        self.assertIn("旧作", page)
        self.assertNotIn("不公开", page)
        self.assertIn('src="/photos/%d/thumb.jpg"' %
                      mine["photos"][0]["id"], page)


if __name__ == "__main__":
    unittest.main()
