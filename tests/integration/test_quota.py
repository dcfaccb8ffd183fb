"""Storage quotas (issue 15, item 4): a self-registered apprentice cannot
create works and photos without end. Each person has limits on works,
photos and the bytes of their photos' files (defaults from
YUJIANG_QUOTA_WORKS, _PHOTOS, _BYTES, set small here); past one the
answer is 409 quota_works / quota_photos or 413 quota_bytes with a
message in the person's language, and nothing is written (no row, no
file). Staff raise one person's limits on their page or through
/api/v1/people/<id>/quota (audited); nobody else may. The staff
dashboard shows the bytes the data directory's photos take, a running
sum that follows each upload and matches the files on disk."""
import os
import time
import unittest

from cert_util import issue_ok
from harness import ServerTestCase, user
from incub_util import create_work, png, upload_api, work_body
from training_util import login, new_apprentice, new_master

MSG = {
    "quota_works": ("作品数量已达到您的上限，请删除旧作品或联系工作人员提高上限。",
                    "You have reached your limit of works; ask staff to "
                    "raise it."),
    "quota_photos": ("照片数量已达到您的上限，请删除旧照片或联系工作人员提高"
                     "上限。",
                     "You have reached your limit of photos; delete some "
                     "or ask staff to raise it."),
    "quota_bytes": ("照片占用的空间已达到您的上限，请删除旧照片或联系工作人员"
                    "提高上限。",
                    "Your photos have used all the space you are allowed; "
                    "delete some or ask staff to raise it."),
}


def photo_files(server):
    d = os.path.join(server.dir, "uploads", "photos")
    if not os.path.isdir(d):
        return {}
    return {n: os.path.getsize(os.path.join(d, n)) for n in os.listdir(d)}


class QuotaCase(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def in_lang(self, person, lang, fn):
        old = person.client.lang
        person.client.lang = lang
        try:
            return fn()
        finally:
            person.client.lang = old

    def assertQuota(self, person, fn, status, code):
        """fn() refused with code in zh (default) and in en."""
        self.assertJSONError(fn(), status, code, MSG[code][0])
        self.assertJSONError(self.in_lang(person, "en", fn), status, code,
                             MSG[code][1])

    def count(self, query, *args):
        return int(self.server.sql(query, *args)[0][0])

    def raise_quota(self, person, body):
        r = self.staff.post("/api/v1/people/%d/quota" % person.id, body)
        self.assertEqual(r.status, 200, r)
        return r.json()


class CountsTest(QuotaCase):
    env = {"YUJIANG_QUOTA_WORKS": "3", "YUJIANG_QUOTA_PHOTOS": "4"}

    def test_works_cap_then_staff_raise(self):
        a = new_apprentice(self.server, "何嘉欣")
        for i in range(3):
            create_work(a, title="作品%d" % i)
        post = lambda: a.post("/api/v1/works", work_body(title="第四件"))
        self.assertQuota(a, post, 409, "quota_works")
        # The form says so too, in a page's language.
        r = a.client.post_form("/portfolio", {
            "title": "第四件", "material": "jadeite", "public": "1"},
            page="/portfolio")
        self.assertEqual(r.status, 409, r)
        self.assertIn(MSG["quota_works"][0], r.text)
        self.assertEqual(self.count(
            "SELECT count(*) FROM works WHERE user = ?1", a.id), 3)
        # Another apprentice is not touched by a's use.
        b = new_apprentice(self.server, "陈美玲")
        create_work(b)
        # Staff raise a's limit: one more work, then refused again.
        j = self.raise_quota(a, {"works": 4})
        self.assertEqual(j["limits"]["works"], 4)
        self.assertEqual(j["used"]["works"], 3)
        create_work(a, title="第四件")
        self.assertQuota(a, post, 409, "quota_works")
        audit = self.server.sql(
            "SELECT action, subject, detail FROM audit WHERE action = "
            "'quota.set' AND subject = ?1", "user:%d" % a.id)
        self.assertEqual(len(audit), 1, audit)
        self.assertIn("works=4", audit[0][2])

    def test_photos_cap_nothing_half_written(self):
        a = new_apprentice(self.server, "林晓")
        w1 = create_work(a, title="一")["id"]
        w2 = create_work(a, title="二")["id"]
        pic = png(40, 30)
        for w in (w1, w1, w2, w2):
            self.assertEqual(upload_api(a, w, pic, "a.png", "image/png")
                             .status, 201)
        files = photo_files(self.server)
        rows = self.count("SELECT count(*) FROM photos")
        self.assertQuota(a, lambda: upload_api(a, w2, pic, "a.png",
                                               "image/png"),
                         409, "quota_photos")
        self.assertEqual(photo_files(self.server), files)
        self.assertEqual(self.count("SELECT count(*) FROM photos"), rows)
        self.raise_quota(a, {"photos": 5})
        self.assertEqual(upload_api(a, w2, pic, "a.png", "image/png")
                         .status, 201)
        self.assertQuota(a, lambda: upload_api(a, w1, pic, "a.png",
                                               "image/png"),
                         409, "quota_photos")

    def test_only_staff_change_a_quota(self):
        a = new_apprentice(self.server, "赵一")
        master = new_master(self.server, self.staff, "王建平")
        for who in (a, master):
            r = who.post("/api/v1/people/%d/quota" % a.id, {"works": 999})
            self.assertJSONError(r, 403, "forbidden")
            r = who.client.post_form("/people/%d/quota" % a.id,
                                     {"works": "999"}, csrf=who.csrf)
            self.assertEqual(r.status, 403, r)
        r = self.client().post_json("/api/v1/people/%d/quota" % a.id,
                                    {"works": 999}, csrf=None)
        self.assertIn(r.status, (401, 403), r)
        # Without the CSRF token, staff are refused too.
        r = self.staff.client.post_json("/api/v1/people/%d/quota" % a.id,
                                        {"works": 999}, csrf=None)
        self.assertEqual(r.status, 403, r)
        self.assertEqual(self.count(
            "SELECT count(*) FROM quotas WHERE user = ?1", a.id), 0)
        # Bad limits: 400 in the caller's language, nothing written.
        for body in ({}, {"works": -1}, {"works": "x"}, {"photos": 1.5}):
            r = self.staff.post("/api/v1/people/%d/quota" % a.id, body)
            self.assertJSONError(r, 400, "invalid_quota")
        self.assertEqual(self.count(
            "SELECT count(*) FROM quotas WHERE user = ?1", a.id), 0)
        r = self.staff.post("/api/v1/people/999999/quota", {"works": 1})
        self.assertJSONError(r, 404, "not_found")

    def test_staff_form_on_the_person_page(self):
        a = new_apprentice(self.server, "孙二")
        page = self.staff.client.get("/people/%d" % a.id)
        self.assertEqual(page.status, 200, page)
        self.assertIn('id="quota"', page.text)
        self.assertIn('id="f-quota-works" value="3"', page.text)
        r = self.staff.client.post_form(
            "/people/%d/quota" % a.id,
            {"works": "7", "photos": "9", "megabytes": "3"},
            page="/people/%d" % a.id)
        self.assertRedirect(r, "/people/%d?done=saved" % a.id)
        row = self.server.sql("SELECT works, photos, bytes, set_by FROM "
                              "quotas WHERE user = ?1", a.id)
        self.assertEqual(row, [["7", "9", str(3 * 1024 * 1024),
                                str(self.staff.id)]])
        # An apprentice's own page has no such form.
        self.assertNotIn('id="quota"', a.get("/people/%d" % a.id).text)


class BytesTest(QuotaCase):
    env = {"YUJIANG_QUOTA_BYTES": "30000"}

    def test_bytes_cap_and_dashboard_figure(self):
        a = new_apprentice(self.server, "吴三")
        w = create_work(a)["id"]
        before = self.staff.get("/api/v1/dashboard").json()["data_bytes"]
        self.assertEqual(before["photos"], sum(
            photo_files(self.server).values()))
        pic = png(40, 30)
        r = upload_api(a, w, pic, "a.png", "image/png")
        self.assertEqual(r.status, 201, r)
        after = self.staff.get("/api/v1/dashboard").json()["data_bytes"]
        on_disk = sum(photo_files(self.server).values())
        self.assertGreater(after["photos"], before["photos"])
        self.assertEqual(after["photos"], on_disk)
        self.assertEqual(after["total"],
                         after["photos"] + after["certificates"])
        html = self.staff.client.get("/staff/dashboard")
        self.assertIn('id="data-photos" data-bytes="%d"' % on_disk,
                      html.text)
        # Upload until the next photo would pass 30,000 bytes.
        status = 201
        for _ in range(12):
            w = create_work(a)["id"]    # never the 8 photos of a work
            r = upload_api(a, w, pic, "a.png", "image/png")
            status = r.status
            if status != 201:
                break
        self.assertEqual(status, 413, r)
        used = self.count("SELECT coalesce(sum(p.bytes), 0) FROM photos p "
                          "JOIN works w ON w.id = p.work WHERE w.user = ?1",
                          a.id)
        self.assertLessEqual(used, 30000)
        files = photo_files(self.server)
        self.assertQuota(a, lambda: upload_api(a, w, pic, "a.png",
                                               "image/png"),
                         413, "quota_bytes")
        self.assertEqual(photo_files(self.server), files)
        self.assertEqual(self.staff.get("/api/v1/dashboard").json()
                         ["data_bytes"]["photos"], sum(files.values()))
        # Staff give a MiB: the upload goes through.
        j = self.raise_quota(a, {"megabytes": 1})
        self.assertEqual(j["limits"]["bytes"], 1024 * 1024)
        self.assertEqual(upload_api(a, w, pic, "a.png", "image/png")
                         .status, 201)
        self.assertEqual(self.staff.get("/api/v1/dashboard").json()
                         ["data_bytes"]["photos"],
                         sum(photo_files(self.server).values()))
        # A deleted photo leaves the sum.
        pid = int(self.server.sql("SELECT max(id) FROM photos")[0][0])
        r = a.post("/api/v1/photos/%d/delete" % pid, {})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.staff.get("/api/v1/dashboard").json()
                         ["data_bytes"]["photos"],
                         sum(photo_files(self.server).values()))

    def test_certificate_files_in_the_figure(self):
        a = new_apprentice(self.server, "郑四")
        r = self.staff.post("/api/v1/people/%d/level" % a.id,
                            {"level": 1, "evidence": "考核 80 分"})
        self.assertEqual(r.status, 200, r)
        lv = self.server.sql("SELECT max(id) FROM skill_levels WHERE "
                             "user = ?1", a.id)[0][0]
        before = self.staff.get("/api/v1/dashboard").json()["data_bytes"]
        issue_ok(self, self.staff, "level:%s" % lv, "zh")
        d = os.path.join(self.server.dir, "certificates")
        # The batch is drawn in the background: wait for its files.
        on_disk = 0
        for _ in range(100):
            names = [n for n in os.listdir(d) if n.endswith((".png",
                                                             ".pdf"))] \
                if os.path.isdir(d) else []
            on_disk = sum(os.path.getsize(os.path.join(d, n))
                          for n in names)
            got = self.staff.get("/api/v1/dashboard").json()["data_bytes"]
            if len(names) == 2 and got["certificates"] == on_disk:
                break
            time.sleep(0.1)
        self.assertGreater(on_disk, 0)
        self.assertEqual(before["certificates"], 0)
        self.assertEqual(got["certificates"], on_disk)
        self.assertEqual(got["total"], got["photos"] + on_disk)


if __name__ == "__main__":
    unittest.main()
