#!/usr/bin/env python3
"""Pairs of objects that call each other (issue 17: "no pair of files that
call each other"). Reads `nm` of every build/**/*.o (the server's and the
admin tool's objects, not asan-obj/fuzz-obj/test copies): A and B are a pair
when A uses a symbol B defines and B uses one A defines. Prints each pair
with the symbols each way; exits 1 when any pair remains, 0 otherwise. An
object whose source is gone (a file moved or removed since it was built) is
left out.

Usage: tests/tools/mutual.py [build-dir]   (default build)"""
import os
import subprocess
import sys

top = sys.argv[1] if len(sys.argv) > 1 else "build"
skip = ("asan-obj", "fuzz-obj", "test", "asan", "fuzz")
defs, uses = {}, {}
for root, dirs, files in os.walk(top):
    dirs[:] = [d for d in dirs if os.path.relpath(os.path.join(root, d), top)
               .split(os.sep)[0] not in skip]
    for f in files:
        if not f.endswith(".o"):
            continue
        p = os.path.join(root, f)
        name = os.path.relpath(p, top)[:-2] + ".c"
        if not os.path.exists(os.path.join("src", name)):
            continue
        out = subprocess.run(["nm", p], capture_output=True, text=True).stdout
        d, u = set(), set()
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                u.add(parts[1])
            elif len(parts) == 3 and parts[1] in "TDBRCV":
                d.add(parts[2])
        defs[name], uses[name] = d, u

names = sorted(defs)
bad = 0
for i, a in enumerate(names):
    for b in names[i + 1:]:
        ab = uses[a] & defs[b]
        ba = uses[b] & defs[a]
        if ab and ba:
            bad += 1
            print("%s <-> %s\n    %s -> %s\n    %s -> %s" % (a, b,
                a, " ".join(sorted(ab)), b, " ".join(sorted(ba))))
sys.exit(1 if bad else 0)
