"""PIPL (个人信息保护法): the privacy notice and consent, a child's photos,
"my data" as a ZIP, and deleting one's account.

- /privacy shows the notice (version 1, zh and en, from the tree);
  registration without consent to that version is refused (400, nothing
  written); with it, the consent is recorded with version and time;
- a child under 14 (birth date given at registration) cannot upload a
  photo (403) until staff record a guardian's consent;
- /me/export.zip holds data.json with the person's records, their photos
  and certificate pictures, and nothing of another person's; staff's
  export of a person is audited;
- deleting the account needs the password; it removes the photos' files
  from disk, the identity record and the login, while the certificate
  stays verifiable under its name; asked to, it revokes the certificates.
"""
import datetime
import io
import json
import os
import zipfile

from cert_util import issue_ok, verdict, verify_api
from harness import PASSWORD, ServerTestCase, new_phone, user
from incub_util import create_work, jpeg, upload_api
from training_util import Person, check_identity, login, new_apprentice


def years_ago(n, days=0):
    d = datetime.date.today()
    return (d.replace(year=d.year - n) - datetime.timedelta(days=days)) \
        .isoformat()


class PiplTest(ServerTestCase):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])

    def register(self, body):
        return self.client().post_json("/api/v1/register", body)

    def holder_with_photo_and_cert(self, name):
        """A checked person with a work, one photo and a level
        certificate: (person, photo id, certificate)."""
        p = new_apprentice(self.server, name)
        check_identity(self.staff, p.id, name)
        w = create_work(p, title=name + "的作品")
        r = upload_api(p, w["id"], jpeg(64, 48))
        self.assertEqual(r.status, 201, r)
        photo = int(self.server.sql(
            "SELECT max(p.id) FROM photos p JOIN works w ON w.id = p.work "
            "WHERE w.user = ?1", p.id)[0][0])
        r = self.staff.post("/api/v1/people/%d/level" % p.id,
                            {"level": 1, "evidence": "考核合格"})
        self.assertEqual(r.status, 200, r)
        lv = self.server.sql("SELECT max(id) FROM skill_levels WHERE "
                             "user = ?1", p.id)[0][0]
        c = issue_ok(self, self.staff, "level:%s" % lv, "zh")
        return p, photo, c

    def photo_path(self, pid, size="full"):
        return os.path.join(self.server.dir, "uploads", "photos",
                            "%d-%s.jpg" % (pid, size))

    def test_notice_and_consent(self):
        r = self.client().get("/privacy")
        self.assertEqual(r.status, 200, r)
        self.assertIn('data-version="1"', r.text)
        self.assertIn("个人信息保护法", r.text)
        r = self.client(lang="en").get("/privacy")
        self.assertIn("Personal Information Protection Law", r.text)
        j = self.client().get("/api/v1/privacy").json()
        self.assertEqual(j["version"], 1)
        with open(os.path.join(os.path.dirname(__file__), "..", "..",
                               "assets", "privacy", "privacy-v1.zh.md"),
                  encoding="utf-8") as f:
            self.assertEqual(j["zh"], f.read())
        # The form asks for it, with a link to the notice.
        page = self.client().get("/register").text
        self.assertIn('name="consent"', page)
        self.assertIn('href="/privacy"', page)
        # Without consent (or to another version): refused, no account.
        for extra in ({}, {"consent": 2}, {"consent": "1"},
                      {"consent": True}):
            with self.subTest(extra=extra):
                acc = new_phone()
                body = {"name": "新人", "account": acc, "password": PASSWORD,
                        "track": "carver"}
                body.update(extra)
                self.assertJSONError(self.register(body), 400,
                                     "consent_required")
                self.assertEqual(self.server.sql(
                    "SELECT count(*) FROM users WHERE account = ?1", acc),
                    [["0"]])
        c = self.client()
        acc = new_phone()
        r = c.post_form("/register", {"name": "表单", "account": acc,
                                      "password": PASSWORD,
                                      "track": "carver"})
        self.assertEqual(r.status, 400, r)
        self.assertIn("隐私政策", r.text)
        # With it: recorded with its version and time.
        before = int(datetime.datetime.now().timestamp())
        r = self.register({"name": "新人", "account": acc,
                           "password": PASSWORD, "track": "carver",
                           "consent": 1})
        self.assertEqual(r.status, 201, r)
        uid = r.json()["user"]["id"]
        rows = self.server.sql("SELECT kind, version, at FROM consents "
                               "WHERE user = ?1", uid)
        self.assertEqual([x[:2] for x in rows], [["notice", "1"]])
        self.assertGreaterEqual(int(rows[0][2]), before - 1)

    def test_minor_needs_a_guardian_for_photos(self):
        kid_client = self.client()
        r = kid_client.post_json("/api/v1/register", {
            "name": "小雕", "account": new_phone(), "password": PASSWORD,
            "track": "carver", "consent": 1, "birth_date": years_ago(10)})
        self.assertEqual(r.status, 201, r)
        kid_client.verify_account(r.json()["user"]["account"])
        kid = Person(kid_client, r.json()["user"], r.json()["csrf"])
        w = create_work(kid)
        r = upload_api(kid, w["id"], jpeg(32, 32))
        self.assertJSONError(r, 403, "guardian_consent_needed")
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM photos WHERE work = ?1", w["id"]), [["0"]])
        ident = self.staff.get("/api/v1/people/%d/identity" % kid.id).json()
        self.assertIs(ident["minor"], True)
        self.assertIs(ident["guardian_consent"], False)
        # Staff record the guardian's consent; then the photo goes up.
        self.assertJSONError(self.staff.post(
            "/api/v1/people/%d/guardian" % kid.id,
            {"guardian": "小雕妈妈", "relation": "母亲"}), 400,
            "consent_required")
        r = self.staff.post("/api/v1/people/%d/guardian" % kid.id,
                            {"guardian": "张丽", "relation": "母亲",
                             "consent": True})
        self.assertEqual(r.status, 201, r)
        r = upload_api(kid, w["id"], jpeg(32, 32))
        self.assertEqual(r.status, 201, r)
        # A 14-year-old needs no guardian; a future date is refused.
        teen_client = self.client()
        r = teen_client.post_json("/api/v1/register", {
            "name": "少年", "account": new_phone(), "password": PASSWORD,
            "track": "carver", "consent": 1, "birth_date": years_ago(14)})
        self.assertEqual(r.status, 201, r)
        teen_client.verify_account(r.json()["user"]["account"])
        teen = Person(teen_client, r.json()["user"], r.json()["csrf"])
        w = create_work(teen)
        self.assertEqual(upload_api(teen, w["id"], jpeg(32, 32)).status, 201)
        self.assertJSONError(self.register({
            "name": "未来", "account": new_phone(), "password": PASSWORD,
            "track": "carver", "consent": 1, "birth_date": "2999-01-01"}),
            400, "invalid_birth_date")

    def test_export_holds_exactly_the_persons_data(self):
        a, a_photo, a_cert = self.holder_with_photo_and_cert("林晓彤")
        b, b_photo, b_cert = self.holder_with_photo_and_cert("郑雅文")
        r = a.get("/me/export.zip")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("content-type"), "application/zip")
        z = zipfile.ZipFile(io.BytesIO(r.body))
        names = sorted(z.namelist())
        self.assertEqual(names, sorted([
            "data.json", "photos/%d.jpg" % a_photo,
            "certificates/%s.png" % a_cert["serial"]]))
        data = json.loads(z.read("data.json"))
        self.assertEqual(data["account"]["id"], a.id)
        self.assertEqual(data["identity_check"]["verified_name"], "林晓彤")
        self.assertEqual([c["serial"] for c in data["certificates"]],
                         [a_cert["serial"]])
        self.assertEqual([p["id"] for w in data["works"]
                          for p in w["photos"]], [a_photo])
        self.assertEqual([c["kind"] for c in data["consents"]],
                         ["notice", "identity"])
        with open(self.photo_path(a_photo), "rb") as f:
            self.assertEqual(z.read("photos/%d.jpg" % a_photo), f.read())
        # Nothing of b's, anywhere in it.
        blob = r.body + b"".join(z.read(n) for n in names)
        for needle in ("郑雅文", b_cert["serial"], b_cert["code"],
                       b.user["account"]):
            self.assertNotIn(needle.encode(), blob)
        self.assertNotIn("photos/%d.jpg" % b_photo, names)
        # The JSON twin is the same records.
        j = a.get("/api/v1/me/data").json()
        self.assertEqual(j["account"]["id"], a.id)
        # Staff's export of a person is audited.
        before = int(self.server.sql(
            "SELECT count(*) FROM audit WHERE action = 'privacy.export' "
            "AND subject = ?1", "user:%d" % b.id)[0][0])
        r = self.staff.get("/people/%d/export.zip" % b.id)
        self.assertEqual(r.status, 200, r)
        self.assertIn("photos/%d.jpg" % b_photo,
                      zipfile.ZipFile(io.BytesIO(r.body)).namelist())
        self.assertEqual(int(self.server.sql(
            "SELECT count(*) FROM audit WHERE action = 'privacy.export' "
            "AND subject = ?1", "user:%d" % b.id)[0][0]), before + 1)
        self.assertEqual(a.get("/people/%d/export.zip" % b.id).status, 403)

    def test_deletion_removes_files_and_keeps_the_certificate(self):
        a, a_photo, a_cert = self.holder_with_photo_and_cert("黄志伟")
        b, b_photo, b_cert = self.holder_with_photo_and_cert("何丽珍")
        for size in ("full", "phone", "thumb"):
            self.assertTrue(os.path.exists(self.photo_path(a_photo, size)))
        # The inbox holds a's "certificate issued" (it quotes a's data).
        inbox = "SELECT count(*) FROM inbox WHERE user = ?1"
        self.assertNotEqual(self.server.sql(inbox, a.id), [["0"]])
        # The wrong password deletes nothing.
        r = a.post("/api/v1/me/delete", {"password": "not my password"})
        self.assertJSONError(r, 403, "wrong_password")
        self.assertTrue(os.path.exists(self.photo_path(a_photo)))
        r = a.post("/api/v1/me/delete", {"password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"deleted": True,
                                    "certificates_revoked": 0,
                                    "photos_removed": 1})
        for size in ("full", "phone", "thumb"):
            self.assertFalse(os.path.exists(self.photo_path(a_photo, size)))
        self.assertTrue(os.path.exists(self.photo_path(b_photo)))
        # Logged out, and cannot log in again.
        self.assertEqual(a.get("/api/v1/me").status, 401)
        r = self.client().login_api(a.user["account"])
        self.assertEqual(r.status, 401, r)
        # Personal data gone from the database.
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM identity_checks WHERE user = ?1", a.id),
            [["0"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM consents WHERE user = ?1", a.id), [["0"]])
        self.assertEqual(self.server.sql(
            "SELECT count(*) FROM works WHERE user = ?1", a.id), [["0"]])
        self.assertEqual(self.server.sql(inbox, a.id), [["0"]])
        self.assertNotEqual(self.server.sql(inbox, b.id), [["0"]])
        # Its codes and messages (the number, the code) went too.
        for table in ("codes", "outbox"):
            self.assertEqual(self.server.sql(
                "SELECT count(*) FROM %s WHERE user = ?1" % table, a.id),
                [["0"]], table)
        row = self.server.sql("SELECT name, account, pwhash FROM users "
                              "WHERE id = ?1", a.id)[0]
        self.assertNotIn("黄志伟", row[0])
        self.assertNotEqual(row[1], a.user["account"])
        self.assertEqual(row[2], "!")
        # The certificate stays verifiable as the legal record.
        page = self.client().get("/v/" + a_cert["code"])
        v = verdict(page.text)
        self.assertEqual((v["status"], v["holder"]), ("valid", "黄志伟"))
        self.assertEqual(verify_api(self.client(), a_cert["code"]).json()[
            "status"], "valid")
        # Asked to, deletion revokes the certificates.
        r = b.post("/api/v1/me/delete", {"password": PASSWORD,
                                         "revoke": True})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["certificates_revoked"], 1)
        j = verify_api(self.client(), b_cert["code"]).json()
        self.assertEqual(j["status"], "revoked")
        self.assertFalse(os.path.exists(self.photo_path(b_photo)))
        # Staff cannot delete themselves this way.
        self.assertEqual(self.staff.post("/api/v1/me/delete",
                                         {"password": PASSWORD}).status, 403)
