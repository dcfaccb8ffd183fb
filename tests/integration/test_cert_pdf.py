"""The print PDF (GET /certs/<id>.pdf, and beside each PNG in a batch's
ZIP), read back with poppler and zbar as a printer's user would: A4
landscape; `pdftotext` gives the holder's name, the title and the
serial; `pdffonts` lists the CJK fonts embedded as subsets; the page
rasterised by `pdftoppm -r 150` scans with `zbarimg` to the very QR text
the certificate was signed with (its verify URL). The PDF is drawn at
issue, in the task that draws the PNG, and stored beside it
(certificates/<serial>.pdf); a lost one is drawn again when asked for.
The same in production mode (workers chrooted into the data directory,
unprivileged, sandboxed), where the fonts are the data root's fonts/."""
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

from cert_util import graduates, issue_ok, wait_batch, zbar
from harness import ServerTestCase, user
from training_util import login, new_master

TOOLS = ("pdftotext", "pdffonts", "pdftoppm", "pdfinfo")


def tool(name, *args):
    p = subprocess.run([name] + list(args), capture_output=True, timeout=60)
    if p.returncode != 0:
        raise AssertionError("%s %r: %s" % (name, args, p.stderr[:300]))
    return p.stdout


class PdfChecks:
    """Reading a PDF back (mixed into the test classes)."""

    def read_back(self, pdf, cert):
        """Check pdf (bytes) is cert's print PDF."""
        self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:16])
        with tempfile.TemporaryDirectory(prefix="yj-pdf.") as d:
            path = os.path.join(d, "c.pdf")
            with open(path, "wb") as f:
                f.write(pdf)
            info = tool("pdfinfo", path).decode()
            self.assertRegex(info, r"Pages:\s+1\n")
            # A4 landscape: 841.89 x 595.28 pt.
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
            self.assertAlmostEqual(float(size.group(1)), 841.89, delta=0.5)
            self.assertAlmostEqual(float(size.group(2)), 595.28, delta=0.5)
            # Vector text: the words are text, not pictures.
            text = tool("pdftotext", "-layout", path, "-").decode()
            flat = re.sub(r"\s+", "", text)
            self.assertIn(re.sub(r"\s+", "", cert["holder"]), flat)
            self.assertIn(cert["serial"], flat)
            # The CJK fonts embedded, as subsets (ABCDEF+Name).
            fonts = tool("pdffonts", path).decode().splitlines()[2:]
            cjk = [f for f in fonts if re.match(
                r"[A-Z]{6}\+(WenQuanYiMicroHei|UKaiCN)\s", f)]
            self.assertTrue(cjk, fonts)
            for f in cjk:
                emb, sub = f.split()[-5:-3]
                self.assertEqual((emb, sub), ("yes", "yes"), f)
            # No picture in it: the QR is vectors.
            self.assertEqual(tool("pdfimages", "-list", path).decode()
                             .splitlines()[2:], [])
            # The QR, rasterised at 150 dpi, scans to the signed text.
            tool("pdftoppm", "-r", "150", "-png", "-singlefile", path,
                 os.path.join(d, "page"))
            with open(os.path.join(d, "page.png"), "rb") as f:
                self.assertEqual(zbar(f.read()), cert["qr"])
        self.assertIn("/v/" + cert["code"] + "#", cert["qr"])


@unittest.skipUnless(all(shutil.which(t) for t in TOOLS),
                     "poppler-utils is not installed")
class CertPdfTest(ServerTestCase, PdfChecks):
    users = {"staff": user("周站长", "staff")}

    @classmethod
    def prepare(cls):
        cls.staff = login(cls.server, cls.accounts["staff"])
        cls.teacher = new_master(cls.server, cls.staff, "陈国强")
        _, cls.people, cls.events = graduates(
            cls("test_route"), cls.server, cls.staff, cls.teacher.id, 2,
            "欧阳打印")

    def test_route(self):
        holder = self.people[0]
        c = issue_ok(self, self.staff, self.events[holder.id], "both")
        self.assertEqual(c["pdf_url"], "/certs/%d.pdf" % c["id"])
        # Drawn at issue and stored beside the PNG.
        stored = os.path.join(self.server.dir, "certificates",
                              c["serial"] + ".pdf")
        for who in (holder, self.staff):
            with self.subTest(who=who.name):
                r = who.get(c["pdf_url"])
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.header("content-type"),
                                 "application/pdf")
                self.assertIn(c["serial"] + ".pdf",
                              r.header("content-disposition"))
                self.read_back(r.body, c)
                with open(stored, "rb") as f:
                    self.assertEqual(r.body, f.read())
        # The certificate's page links it.
        page = holder.get("/certs/%d" % c["id"]).text
        self.assertIn('id="pdf-link" href="/certs/%d.pdf"' % c["id"], page)
        # Lost: drawn again when asked for.
        os.unlink(stored)
        r = holder.get(c["pdf_url"])
        self.assertEqual(r.status, 200, r)
        self.read_back(r.body, c)
        self.assertTrue(os.path.isfile(stored))

    def test_each_language(self):
        holder = self.people[1]
        c = issue_ok(self, self.staff, self.events[holder.id], "en")
        r = holder.get(c["pdf_url"])
        self.assertEqual(r.status, 200, r)
        self.read_back(r.body, c)

    def test_batch_zip_holds_the_pdfs(self):
        run, _, _ = graduates(self, self.server, self.staff, self.teacher.id,
                              2, "批量打印")
        r = self.staff.post("/api/v1/runs/%d/certificates" % run,
                            {"lang": "zh"})
        self.assertIn(r.status, (200, 202), r)
        bid = r.json()["batch"]["id"]
        wait_batch(self, self.staff, bid)
        serials = [s for (s,) in self.server.sql(
            "SELECT serial FROM certificates WHERE batch = ?1", bid)]
        self.assertTrue(serials)
        z = self.staff.get("/batches/%d.zip" % bid)
        self.assertEqual(z.status, 200, z)
        zf = zipfile.ZipFile(io.BytesIO(z.body))
        self.assertEqual(sorted(zf.namelist()), sorted(
            s + ext for s in serials for ext in (".png", ".pdf")))
        one = serials[0]
        cid = int(self.server.sql("SELECT id FROM certificates WHERE "
                                  "serial = ?1", one)[0][0])
        c = self.staff.get("/api/v1/certs/%d" % cid).json()["certificate"]
        self.read_back(zf.read(one + ".pdf"), c)


@unittest.skipUnless(os.geteuid() == 0 and all(shutil.which(t)
                                               for t in TOOLS),
                     "production mode needs root; poppler-utils")
class CertPdfProductionTest(ServerTestCase, PdfChecks):
    """Chrooted, unprivileged, sandboxed workers draw the PDF with the
    fonts of the data root."""
    production = True
    users = {"staff": user("周站长", "staff")}

    def test_issue_and_fetch(self):
        staff = login(self.server, self.accounts["staff"])
        teacher = new_master(self.server, staff, "陈国强")
        run, people, events = graduates(self, self.server, staff,
                                        teacher.id, 1, "生产打印")
        c = issue_ok(self, staff, events[people[0].id], "zh")
        r = staff.get(c["pdf_url"])
        self.assertEqual(r.status, 200, r)
        self.read_back(r.body, c)


if __name__ == "__main__":
    unittest.main()
