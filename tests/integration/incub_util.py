"""Shared helpers of the incubation integration tests (test_incub_*.py):
images made in pure Python (PNG with zlib, a baseline JPEG, a lossless
WebP, EXIF with GPS, decompression bombs), reading what the server sends
back (JPEG frame sizes, markers, metadata), uploads through the form and
the JSON twin, raw oversized bodies, works, stage moves and cohorts.

Images are made here rather than with outside tools so that every test
runs on a bare machine; `exiftool` (libimage-exiftool-perl, in the
Makefile's DEBIAN_PKGS) is used, when present, as an independent reader
of metadata."""
import json
import re
import select
import shutil
import socket
import struct
import subprocess
import tempfile
import time
import zlib

from training_util import new_apprentice

EXIFTOOL = shutil.which("exiftool")

MATERIALS = ("jadeite", "hetian", "xiuyan", "dushan", "other")
DEFAULT_MILESTONES = [("首件原创设计", "First original design"),
                      ("首件完成作品", "First finished piece"),
                      ("展览作品", "Exhibition piece")]

# photo.h
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_FULL, PHOTO_PHONE, PHOTO_THUMB = 2048, 1080, 320
SIZES = ("full", "phone", "thumb")


# -- PNG ----------------------------------------------------------------------

def _chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png(w, h, colour_type=2, pixel=None, text=None, depth=8):
    """A PNG of w x h: colour type 2 (RGB), 6 (RGBA) or 0 (grey);
    pixel(x, y) gives the sample tuple (default: a gradient). text adds
    a tEXt chunk (metadata that must not survive a re-encode)."""
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    if pixel is None:
        def pixel(x, y):
            v = (x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1),
                 (x + y) % 256, 255)
            return v[:channels] if channels != 1 else (v[0],)
    rows = []
    for y in range(h):
        row = bytearray(b"\x00")
        for x in range(w):
            row.extend(pixel(x, y))
        rows.append(bytes(row))
    raw = b"".join(rows)
    out = PNG_MAGIC + _chunk(b"IHDR", struct.pack(
        ">IIBBBBB", w, h, depth, colour_type, 0, 0, 0))
    if text is not None:
        out += _chunk(b"tEXt", b"Comment\x00" + text.encode())
    return out + _chunk(b"IDAT", zlib.compress(raw, 6)) + \
        _chunk(b"IEND", b"")


def png_fast(w, h, colour=(40, 140, 90)):
    """A big RGB PNG quickly: every row the same bands of colour."""
    row = bytearray(b"\x00")
    for x in range(w):
        row.extend(colour if (x // 64) % 2 == 0 else (200, 190, 170))
    raw = bytes(row) * h
    return (PNG_MAGIC + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2,
                                                    0, 0, 0)) +
            _chunk(b"IDAT", zlib.compress(raw, 1)) + _chunk(b"IEND", b""))


def png_grey1(w, h):
    """A 1-bit grey PNG of w x h, all black, its IDAT streamed through a
    compressobj: a 50,000 x 50,000 one (312 MB of pixels, 2.5 gigapixels)
    is a few hundred kilobytes — a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((w + 7) // 8)
    co = zlib.compressobj(9)
    parts = []
    block = row * max(1, 65536 // len(row))
    per = len(block) // len(row)
    left = h
    while left > 0:
        n = min(per, left)
        parts.append(co.compress(block if n == per else row * n))
        left -= n
    parts.append(co.flush())
    return (PNG_MAGIC + _chunk(b"IHDR", ihdr) +
            _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))


def png_text_flood(chunks=990, each=1024 * 1024):
    """A 1 x 1 PNG carrying `chunks` compressed text chunks of `each`
    bytes of text each (a kilobyte apiece on the wire): a decoder that
    reads them inflates gigabytes before the first pixel."""
    text = zlib.compress(b"\x00" * each, 9)
    out = PNG_MAGIC + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2,
                                                 0, 0, 0))
    zt = _chunk(b"zTXt", b"Comment\x00\x00" + text)
    out += zt * chunks
    return out + _chunk(b"IDAT", zlib.compress(b"\x00\x80\x80\x80")) + \
        _chunk(b"IEND", b"")


def png_long_tail(extra=400 * 1024 * 1024):
    """A 1 x 1 PNG whose IDAT stream goes on for `extra` bytes after the
    picture's one row: a decoder that reads to the end inflates it all."""
    co = zlib.compressobj(9)
    parts = [co.compress(b"\x00\x30\x90\x60")]
    block = b"\x00" * (1024 * 1024)
    for _ in range(extra // len(block)):
        parts.append(co.compress(block))
    parts.append(co.flush())
    return (PNG_MAGIC + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2,
                                                   0, 0, 0)) +
            _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b""))


class _DeflateBits:
    """Bits LSB first, as deflate packs them; Huffman codes MSB first."""
    def __init__(self):
        self.v = 0
        self.n = 0

    def put(self, value, bits):
        self.v |= (value & ((1 << bits) - 1)) << self.n
        self.n += bits

    def code(self, code, length):
        for i in range(length - 1, -1, -1):
            self.put((code >> i) & 1, 1)

    def bytes(self):
        return self.v.to_bytes((self.n + 7) // 8, "little")


def zeros_deflated(n):
    """A zlib stream inflating to n zero bytes at deflate's best ratio
    (1:1032), written by hand in no time: one dynamic-Huffman block
    whose length-258 and distance-1 codes are both "0", so each 258-byte
    match is two zero bits (zlib would take a minute for 9 GiB)."""
    b = _DeflateBits()
    b.put(1, 1)                     # last block
    b.put(2, 2)                     # dynamic codes
    b.put(286 - 257, 5)
    b.put(0, 5)                     # one distance code
    b.put(19 - 4, 4)
    for s in (16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14,
              1, 15):
        b.put({18: 1, 1: 2, 2: 2}.get(s, 0), 3)   # 18 "0", 1 "10", 2 "11"

    def zero_run(k):
        b.code(0, 1)
        b.put(k - 11, 7)
    b.code(3, 2)                    # literal 0: length 2
    zero_run(138)
    zero_run(117)                   # 1-255 unused
    b.code(3, 2)                    # end of block: length 2
    zero_run(28)                    # 257-284 unused
    b.code(2, 2)                    # length 258: length 1
    b.code(2, 2)                    # distance 1: length 1
    b.code(2, 2)                    # one literal 0
    matches = (n - 1) // 258
    lead = 0
    while b.n % 8 and lead < matches:
        b.put(0, 2)
        lead += 1
    body = (matches - lead) // 4 if b.n % 8 == 0 else 0
    t = b if b.n % 8 else _DeflateBits()    # aligned: the body between
    for _ in range(matches - lead - body * 4):
        t.put(0, 2)
    for _ in range((n - 1) % 258):
        t.code(2, 2)
    t.code(3, 2)                    # end of block
    head = b.bytes()
    tail = t.bytes() if t is not b else b""
    adler = ((n % 65521) << 16) | 1
    return (b"\x78\xda" + head + bytes(body) + tail +
            struct.pack(">I", adler))


def png_zero_bomb(w, h, inflated=9 << 30):
    """A w x h RGBA PNG, transparent black, whose IDAT stream inflates to
    `inflated` zero bytes: the issue's bomb is 100 x 100 with 9 GiB
    (9.4 MB on the wire); a picture of h x (4w + 1) bytes or more is
    followed by a tail after its last row."""
    return (PNG_MAGIC + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6,
                                                   0, 0, 0)) +
            _chunk(b"IDAT", zeros_deflated(inflated)) + _chunk(b"IEND", b""))


def png_bomb():
    """The issue's 50,000 x 50,000 decompression bomb."""
    return png_grey1(50000, 50000)


# -- JPEG ---------------------------------------------------------------------

# The standard luminance DC table (ITU T.81 K.3).
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))


def _huff_codes(bits, vals):
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _BitWriter:
    """MSB-first bits with JPEG's 0xFF byte stuffing."""

    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, length):
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xff:
                    self.out.append(0)
                self.acc = 0
                self.n = 0

    def flush(self):
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def _seg(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + \
        payload


def jpeg(w, h, shade=None, comment=None):
    """A baseline greyscale JPEG of w x h whose 8 x 8 blocks are flat:
    shade(bx, by) gives each block's grey (default: a checkerboard of
    gradients). Only DC coefficients are coded (every AC is 0, one EOB).
    comment adds a COM segment."""
    if shade is None:
        def shade(bx, by):
            return (bx * 7 + by * 5) % 200 + (40 if (bx // 8 + by // 8) % 2
                                               else 0)
    dc = _huff_codes(_DC_BITS, _DC_VALS)
    bw = _BitWriter()
    prev = 0
    for by in range((h + 7) // 8):
        for bx in range((w + 7) // 8):
            v = max(0, min(255, int(shade(bx, by))))
            coef = 8 * (v - 128)        # the DC of a flat block, quant 1
            diff = coef - prev
            prev = coef
            size = abs(diff).bit_length()
            code, length = dc[size]
            bw.put(code, length)
            if size:
                bw.put(diff if diff >= 0 else diff + (1 << size) - 1, size)
            bw.put(0, 1)                # EOB: the AC table's one code
    scan = bw.flush()
    out = b"\xff\xd8"
    if comment is not None:
        out += _seg(0xfe, comment.encode())
    out += _seg(0xdb, b"\x00" + b"\x01" * 64)
    out += _seg(0xc0, struct.pack(">BHHB", 8, h, w, 1) + b"\x01\x11\x00")
    out += _seg(0xc4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS))
    out += _seg(0xc4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    out += _seg(0xda, b"\x01\x01\x00\x00\x3f\x00")
    return out + scan + b"\xff\xd9"


def jpeg_header_only(w, h):
    """A JPEG that states w x h and holds (almost) no picture: the
    markers up to the scan, one byte of scan, EOI."""
    full = jpeg(8, 8)
    sof = full.index(b"\xff\xc0")
    body = full[:sof] + _seg(0xc0, struct.pack(">BHHB", 8, h, w, 1) +
                             b"\x01\x11\x00")
    rest = full[sof + 2 + struct.unpack(">H", full[sof + 2:sof + 4])[0]:]
    sos = rest.index(b"\xff\xda")
    sos_len = struct.unpack(">H", rest[sos + 2:sos + 4])[0]
    return body + rest[:sos + 2 + sos_len] + b"\x00\xff\xd9"


def jpeg_flood(marker, total=9500 * 1000, w=100, h=100):
    """A w x h JPEG with `total` bytes of one marker repeated: a segment
    (such as an empty comment, FF FE 00 02) before the frame header, or
    restart markers (FF D0-D7, no length) after the scan."""
    data = jpeg(w, h)
    flood = marker * (total // len(marker))
    if marker[1] in range(0xd0, 0xd8):
        return data[:-2] + flood + data[-2:]
    sof = data.index(b"\xff\xc0")
    return data[:sof] + flood + data[sof:]


def jpeg_segments(data):
    """[(marker, payload)] of a JPEG's segments up to the scan (SOS
    included); AssertionError when it does not start like a JPEG."""
    if data[:2] != b"\xff\xd8":
        raise AssertionError("not a JPEG: %r" % data[:16])
    out = []
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xff:
            raise AssertionError("no marker at %d: %r" %
                                 (pos, data[pos:pos + 8]))
        marker = data[pos + 1]
        if marker == 0xff:
            pos += 1
            continue
        if marker in (0xd8, 0x01) or 0xd0 <= marker <= 0xd7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        out.append((marker, data[pos + 4:pos + 2 + length]))
        if marker == 0xda:
            break
        pos += 2 + length
    return out


def jpeg_size(data):
    """(width, height) from a JPEG's frame header (SOFn)."""
    for marker, payload in jpeg_segments(data):
        if marker in (0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca,
                      0xcb, 0xcd, 0xce, 0xcf):
            h, w = struct.unpack(">HH", payload[1:5])
            return w, h
    raise AssertionError("no SOF in the JPEG")


def jpeg_complete(data):
    return data.rstrip(b"\x00").endswith(b"\xff\xd9")


# -- EXIF ---------------------------------------------------------------------

def _ifd(entries, base, extra_at):
    """A big-endian TIFF IFD at offset base: entries [(tag, type, count,
    value bytes)], values longer than 4 bytes put after the IFD (from
    extra_at). Returns (ifd bytes, extra bytes)."""
    entries = sorted(entries)
    head = struct.pack(">H", len(entries))
    extra = b""
    body = b""
    for tag, typ, count, value in entries:
        if len(value) <= 4:
            body += struct.pack(">HHI", tag, typ, count) + \
                value.ljust(4, b"\x00")
        else:
            off = extra_at + len(extra)
            body += struct.pack(">HHII", tag, typ, count, off)
            extra += value + (b"\x00" if len(value) % 2 else b"")
    return head + body + struct.pack(">I", 0), extra


def _rationals(*pairs):
    return b"".join(struct.pack(">II", a, b) for a, b in pairs)


GPS_LAT = (23, 2, 24)           # 23°2'24" N: Pingzhou, Nanhai, Foshan
GPS_LON = (113, 8, 24)


def exif_app1(orientation=1, gps=True, make="YJTESTCAM"):
    """An APP1 Exif segment: IFD0 with Make and Orientation, and a GPS
    IFD (latitude 23°2'24" N, longitude 113°8'24" E) when gps."""
    ascii_make = make.encode() + b"\x00"
    n0 = 2 + (1 if gps else 0)
    ifd0_size = 2 + 12 * n0 + 4
    ifd0_at = 8
    extra0_at = ifd0_at + ifd0_size
    # The Make string is the only out-of-line value of IFD0.
    extra0_len = len(ascii_make) + (len(ascii_make) % 2)
    gps_at = extra0_at + extra0_len
    entries0 = [(0x010f, 2, len(ascii_make), ascii_make),
                (0x0112, 3, 1, struct.pack(">H", orientation))]
    if gps:
        entries0.append((0x8825, 4, 1, struct.pack(">I", gps_at)))
    ifd0, extra0 = _ifd(entries0, ifd0_at, extra0_at)
    assert len(ifd0) == ifd0_size and len(extra0) == extra0_len
    tiff = b"MM\x00\x2a" + struct.pack(">I", ifd0_at) + ifd0 + extra0
    if gps:
        g_entries = [
            (0x0000, 1, 4, b"\x02\x02\x00\x00"),
            (0x0001, 2, 2, b"N\x00"),
            (0x0002, 5, 3, _rationals(*[(v, 1) for v in GPS_LAT])),
            (0x0003, 2, 2, b"E\x00"),
            (0x0004, 5, 3, _rationals(*[(v, 1) for v in GPS_LON])),
        ]
        g_size = 2 + 12 * len(g_entries) + 4
        gifd, gextra = _ifd(g_entries, gps_at, gps_at + g_size)
        tiff += gifd + gextra
    return _seg(0xe1, b"Exif\x00\x00" + tiff)


def with_exif(jpeg_data, orientation=1, gps=True, make="YJTESTCAM"):
    """jpeg_data with an Exif APP1 right after SOI, as a camera writes."""
    assert jpeg_data[:2] == b"\xff\xd8"
    return b"\xff\xd8" + exif_app1(orientation, gps, make) + jpeg_data[2:]


def exiftool_tags(data, *args):
    """{tag: value} that exiftool reads from data (args: tag groups such
    as -gps:all); None when exiftool is not installed."""
    if EXIFTOOL is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".jpg") as f:
        f.write(data)
        f.flush()
        p = subprocess.run([EXIFTOOL, "-j", "-n"] + list(args) + [f.name],
                           capture_output=True, timeout=60)
    if p.returncode not in (0, 1):
        raise AssertionError("exiftool: %r" % p.stderr[:300])
    out = json.loads(p.stdout.decode("utf-8") or "[{}]")[0]
    out.pop("SourceFile", None)
    return out


# -- WebP ---------------------------------------------------------------------

class _LSBWriter:
    def __init__(self):
        self.v = 0
        self.n = 0

    def put(self, value, bits):
        self.v |= (value & ((1 << bits) - 1)) << self.n
        self.n += bits

    def bytes(self):
        return self.v.to_bytes((self.n + 7) // 8, "little")


def webp(w, h, argb=(255, 60, 150, 100)):
    """A lossless (VP8L) WebP of w x h in one colour (alpha, r, g, b):
    no transform, no colour cache, five one-symbol prefix codes — every
    pixel costs no bits, so any size is a few bytes (VP8L allows 16,384
    a side)."""
    a, r, g, b = argb
    bw = _LSBWriter()
    bw.put(0x2f, 8)
    bw.put(w - 1, 14)
    bw.put(h - 1, 14)
    bw.put(1 if a != 255 else 0, 1)
    bw.put(0, 3)            # version
    bw.put(0, 1)            # no transform
    bw.put(0, 1)            # no colour cache
    bw.put(0, 1)            # no meta prefix codes
    for sym in (g, r, b, a, 0):     # green, red, blue, alpha, distance
        bw.put(1, 1)        # simple code
        bw.put(0, 1)        # one symbol
        bw.put(1, 1)        # of 8 bits
        bw.put(sym, 8)
    data = bw.bytes() + b"\x00" * 8
    if len(data) % 2:
        data += b"\x00"
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def webp_padded(w, h, extra):
    """A w x h WebP carrying an unknown chunk of `extra` zero bytes."""
    data = webp(w, h) + b"JUNK" + struct.pack("<I", extra) + bytes(extra)
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


# -- sizes --------------------------------------------------------------------

def fit(w, h, most):
    """w x h within most x most, proportions kept, never enlarged (as the
    tests expect of the re-encoded sizes; the short side to the pixel)."""
    if w <= most and h <= most:
        return w, h
    if w >= h:
        return most, max(1, (h * most + w // 2) // w)
    return max(1, (w * most + h // 2) // h), most


def expected_sizes(w, h):
    """{size: (w, h)}: full from the photo, phone from full, thumb 320²."""
    full = fit(w, h, PHOTO_FULL)
    return {"full": full, "phone": fit(full[0], full[1], PHOTO_PHONE),
            "thumb": (PHOTO_THUMB, PHOTO_THUMB)}


def no_metadata(test, data, *secrets):
    """data (a JPEG) holds no Exif/XMP/ICC/comment segment and none of
    the secrets' bytes."""
    segs = jpeg_segments(data)
    for marker, payload in segs:
        test.assertFalse(marker == 0xe1, "APP1 (Exif/XMP) in the output")
        test.assertFalse(marker == 0xe2, "APP2 (ICC) in the output")
        test.assertFalse(marker == 0xfe and
                         not payload.startswith(b"CREATOR: gd-jpeg"),
                         "a comment in the output: %r" % payload[:80])
    test.assertNotIn(b"Exif\x00\x00", data)
    test.assertNotIn(b"http://ns.adobe.com/xap", data)
    for s in secrets:
        test.assertNotIn(s if isinstance(s, bytes) else s.encode(), data)


# -- uploads ------------------------------------------------------------------

def upload_api(person, work_id, data, filename="photo.jpg",
               ctype="image/jpeg", csrf=None, field="photo"):
    """POST /api/v1/works/<id>/photos: multipart, X-CSRF-Token."""
    files = {field: (filename, data, ctype)} if data is not None else {}
    return person.client.post_multipart(
        "/api/v1/works/%d/photos" % work_id, [], files, csrf=None,
        headers={"X-CSRF-Token": csrf if csrf is not None else person.csrf})


def upload_form(person, work_id, data, filename="photo.jpg",
                ctype="image/jpeg", csrf=None):
    """POST /works/<id>/photos as the work page's form does."""
    files = {"photo": (filename, data, ctype)} if data is not None else {}
    return person.client.post_multipart(
        "/works/%d/photos" % work_id, [], files,
        csrf=csrf if csrf is not None else person.csrf)


def raw_big_post(port, path, total, headers=(), timeout=20, chunk=65536):
    """POST a body of `total` bytes announced by Content-Length, sending
    it while nothing is answered; stop as soon as the server answers or
    closes. Returns (status or None, bytes sent, bytes received)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = ["POST %s HTTP/1.1" % path, "Host: 127.0.0.1",
            "Content-Length: %d" % total]
    head += ["%s: %s" % kv for kv in headers]
    sent = 0
    got = b""
    deadline = time.time() + timeout
    block = b"\x00" * chunk
    try:
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        s.setblocking(False)
        closed = False
        while time.time() < deadline and not closed:
            r, w, _ = select.select([s], [s] if sent < total else [], [],
                                    0.5)
            if r:
                try:
                    data = s.recv(65536)
                except (ConnectionResetError, BlockingIOError):
                    data = b""
                if not data:
                    closed = True
                got += data
                if b"\r\n\r\n" in got:
                    break
            if w and sent < total:
                try:
                    sent += s.send(block[:min(chunk, total - sent)])
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
        # An answer may follow the last bytes sent.
        if not closed and b"\r\n\r\n" not in got:
            s.setblocking(True)
            s.settimeout(max(1, deadline - time.time()))
            try:
                while b"\r\n\r\n" not in got:
                    data = s.recv(65536)
                    if not data:
                        break
                    got += data
            except (OSError, socket.timeout):
                pass
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.[01] (\d{3})", got)
    return (int(m.group(1)) if m else None), sent, got


# -- works --------------------------------------------------------------------

def work_body(title="翡翠平安扣", material="jadeite", technique="浮雕",
              size="30 × 30 mm", description="阳绿翡翠。\n手工抛光。",
              public=True):
    return {"title": title, "material": material, "technique": technique,
            "size": size, "description": description, "public": public}


def create_work(person, **kw):
    r = person.post("/api/v1/works", work_body(**kw))
    if r.status != 201:
        raise AssertionError("create work: %r" % r)
    return r.json()["work"]


def get_work(who, work_id):
    r = who.get("/api/v1/works/%d" % work_id)
    if r.status != 200:
        raise AssertionError("GET work %d: %r" % (work_id, r))
    return r.json()["work"]


def photo_urls(work):
    return [p[s] for p in work["photos"] for s in SIZES]


# -- stages and cohorts -------------------------------------------------------

def move(staff, pid, to, reason=None):
    body = {"to": to}
    if reason is not None:
        body["reason"] = reason
    return staff.post("/api/v1/people/%d/stage" % pid, body)


def incubating(server, staff, name="孵化学员"):
    """A new apprentice moved by staff to the incubation stage (an
    exception, with a reason)."""
    a = new_apprentice(server, name)
    r = move(staff, a.id, "incubation", "比赛获奖，直接进入孵化")
    if r.status != 200:
        raise AssertionError("move %s to incubation: %r" % (name, r))
    return a


def create_cohort(staff, name="2027 春季孵化班", starts="2027-03-01",
                  ends="2027-08-31", places=12):
    r = staff.post("/api/v1/cohorts", {"name": name, "starts": starts,
                                       "ends": ends, "places": places})
    if r.status != 201:
        raise AssertionError("create cohort: %r" % r)
    return r.json()["cohort"]


def admit(staff, cohort_id, user_id, mentor_id):
    return staff.post("/api/v1/cohorts/%d/admit" % cohort_id,
                      {"user": user_id, "mentor": mentor_id})


def admit_ok(staff, cohort_id, user_id, mentor_id):
    r = admit(staff, cohort_id, user_id, mentor_id)
    if r.status != 200:
        raise AssertionError("admit %d: %r" % (user_id, r))
    return r.json()["cohort"]


def cohort(who, cohort_id):
    r = who.get("/api/v1/cohorts/%d" % cohort_id)
    if r.status != 200:
        raise AssertionError("GET cohort %d: %r" % (cohort_id, r))
    return r.json()


def sign(mentor, milestone_id, user_id, comment="完成得很好。"):
    return mentor.post("/api/v1/milestones/%d/sign" % milestone_id,
                       {"user": user_id, "comment": comment})


def person(who, pid):
    r = who.get("/api/v1/people/%d" % pid)
    if r.status != 200:
        raise AssertionError("GET person %d: %r" % (pid, r))
    return r.json()


def needs(who, pid):
    """[(kind, have, want)] of a person's next_stage_needs."""
    return [(n["kind"], n["have"], n["want"])
            for n in person(who, pid)["next_stage_needs"]]


