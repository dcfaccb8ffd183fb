#!/usr/bin/env python3
"""Exported functions whose prefix follows neither their file nor a header
of their folder (issue 17: "the prefix is the file, as in Kore"). Reads
`nm` of build/<folder>/<file>.o; a function f_x in folder/file.c passes when
f is file, or the stem of a header in folder (compete_* in any file whose
folder has compete.h), the folder's name, a file name it extends
(guidenom.c's guide_*, as guide.c is there) or shortens (csvio.c's csv_*), or a type its folder's headers
declare (role_code beside `enum role`, cert_kind_parse beside `enum
cert_kind`: a type's own codec). Prints the others, one a line: file
function; exits 1 when there is any."""
import re
import os
import subprocess
import sys

top = sys.argv[1] if len(sys.argv) > 1 else "build"
bad = 0
for folder in sorted(os.listdir("src")):
    d = os.path.join("src", folder)
    if not os.path.isdir(d):
        continue
    heads = {f[:-2] for f in os.listdir(d) if f.endswith(".h")}
    stems = {f[:-2] for f in os.listdir(d) if f.endswith(".c")}
    types = set()
    for h in heads:
        with open(os.path.join(d, h + ".h")) as fh:
            types |= set(re.findall(r"^(?:enum|struct)\s+(\w+)\s*\{",
                                    fh.read(), re.M))
    for f in sorted(os.listdir(d)):
        if not f.endswith(".c"):
            continue
        obj = os.path.join(top, folder, f[:-2] + ".o")
        if not os.path.exists(obj):
            continue
        stem = f[:-2]
        ok = {stem, folder} | heads | types | \
            {t for t in stems if stem.startswith(t)}
        short = [stem[:i] for i in range(3, len(stem))]
        ok |= set(short)
        out = subprocess.run(["nm", obj], capture_output=True, text=True)
        for line in out.stdout.splitlines():
            p = line.split()
            if len(p) != 3 or p[1] != "T":
                continue
            name = p[2]
            if not any(name == o or name.startswith(o + "_") for o in ok):
                print("%s/%s %s" % (folder, f, name))
                bad += 1
sys.exit(1 if bad else 0)
