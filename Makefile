# Yujiang: a Kore 4.1 application (build/yujiang.so, loaded by Debian's
# /usr/bin/kore) and its command-line tool (build/yujiang-admin), which
# links the same core and db code without Kore.
#
# Why a module for the packaged kore rather than a single binary: Debian
# ships and patches kore; building Kore's sources into our binary would
# take those updates away from the operator for no gain.

DATA	?= var
PORT	?= 8888
WORKERS	?= 2

CC	?= cc
OPT	?= -O2

# The features the installed kore was compiled with (-DKORE_USE_TASKS
# -DKORE_USE_PGSQL on Debian): they change the layout of Kore's structures
# that the module reads, so every object must be built with exactly them.
# They are copied into build/kore-features by a rule that runs on every
# make and read when the compiler runs, never when make starts: on a fresh
# machine `make test` installs kore (deps) in the same run, after make has
# started. Without kore the build stops with a message; when the features
# change, everything is rebuilt. The module checks them again at start-up
# against the running kore (src/app.c, kore_features_check).
KORE_FEATURES_FILE ?= /usr/share/kore/features
KORE_FEATURES	 = $(shell cat build/kore-features)

WARN	 = -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes \
	   -Wpointer-arith -Wshadow -Wformat=2 -Wno-unused-parameter
CFLAGS	+= -std=c11 -D_GNU_SOURCE -fPIC $(OPT) -g $(WARN) $(KORE_FEATURES)
LIBS	 = -lcurl -lsqlite3 -lpq -lsodium -ljansson -lyaml -lmd4c-html -lmd4c -lcsv -lgd -lqrencode -lzip -ljpeg -lpng -lwebp -lexif -lz -lm $(PDF_LIBS)
# The print PDF (certpdf.c): cairo + pango, asked of pkg-config when a
# rule runs (deps may install them in the same make); its headers as
# system headers, which -Werror does not judge.
PDF_PC	 = pangocairo pangoft2 fontconfig
PDF_LIBS = $(shell pkg-config --libs $(PDF_PC))
CFLAGS	+= $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PDF_PC)))
# PostgreSQL's client library (db_pg.c): its header's folder.
CFLAGS	+= $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libpq))

# The tree by layer and stage (README's map). The layers below — core,
# rules (pure: no SQLite, no Kore), draw, store — make the core, linked
# into both programs; the stages above, with the module's top (app.c,
# dash.c), make the server. Each folder is one -I, so `#include "db.h"`
# needs no path; objects mirror src/ under build/.
LAYERS	 = core rules draw store
STAGES	 = web people entry training incubation selection certs jobs
# (override: tests/upgrade/build-old.sh sets CFLAGS on make's command line.)
override CFLAGS += $(patsubst %,-Isrc/%,$(LAYERS) $(STAGES)) -Isrc

CORE	 = $(patsubst src/%.c,%,$(wildcard $(LAYERS:%=src/%/*.c)))
SERVER	 = app dash $(patsubst src/%.c,%,$(wildcard $(STAGES:%=src/%/*.c)))

CORE_OBJ   = $(CORE:%=build/%.o)
SERVER_OBJ = $(SERVER:%=build/%.o)
HEADERS	   = $(wildcard src/*.h src/*/*.h)

DEBIAN_PKGS = kore libsqlite3-dev libsodium-dev libjansson-dev libgd-dev \
	libqrencode-dev libcmocka-dev libyaml-dev libmd4c-dev \
	libmd4c-html0-dev libcsv-dev sqlite3 curl python3 wrk zbar-tools \
	chromium fonts-wqy-microhei fonts-arphic-ukai libzip-dev \
	libjpeg-dev libpng-dev libwebp-dev libexif-dev libimage-exiftool-perl \
	libcurl4-openssl-dev python3-aiosmtpd zlib1g-dev libcairo2-dev libpango1.0-dev poppler-utils \
	clang libclang-rt-dev postgresql libpq-dev

all: build/yujiang.so build/yujiang-admin

build:
	@mkdir -p build

build/kore-features: FORCE | build
	@if [ ! -r "$(KORE_FEATURES_FILE)" ]; then \
		echo "$(KORE_FEATURES_FILE) is missing: Kore is not installed" \
		    "(make deps installs Debian's kore)" >&2; exit 1; \
	fi
	@cmp -s "$(KORE_FEATURES_FILE)" $@ || cp "$(KORE_FEATURES_FILE)" $@

FORCE:

build/%.o: src/%.c $(HEADERS) build/kore-features | build
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@

build/yujiang.so: $(CORE_OBJ) $(SERVER_OBJ)
	@echo "  LD      $@"
	@$(CC) -shared -o $@.tmp $(CORE_OBJ) $(SERVER_OBJ) $(LIBS)
	@mv -f $@.tmp $@

# yujiang-admin: admin.c and the demo (demo.c's steps, demo_data.c's data).
ADMIN_OBJ  = build/admin.o $(patsubst src/%.c,build/%.o,$(wildcard src/demo*.c))

build/yujiang-admin: $(CORE_OBJ) $(ADMIN_OBJ)
	@echo "  LD      $@"
	@$(CC) -o $@ $(CORE_OBJ) $(ADMIN_OBJ) $(LIBS)

# Unit and database tests (cmocka), built twice: plain, and with
# AddressSanitizer + UBSan, where any report aborts the test. The core is
# compiled once per variant (build/*.o, build/asan-obj/*.o) and each test
# links it, rather than each test compiling every core source again.
SANITIZE   = -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer -O1
ASAN_OBJ   = $(CORE:%=build/asan-obj/%.o)
UNIT_TESTS = test_core test_realname test_db test_entry test_training test_certs test_certimg \
	     test_certdb test_photo test_chart test_score test_compdb \
	     test_status test_jobs test_guide test_routeidx test_metrics \
	     test_db_pg

build/asan-obj/%.o: src/%.c $(HEADERS) build/kore-features
	@mkdir -p $(@D)
	@echo "  ASAN    $@"
	@$(CC) $(CFLAGS) $(SANITIZE) -c $< -o $@

# The store's tests that run on either engine (tests/unit/tdb.c, compiled
# with each; tests/run.sh runs them again with the store on PostgreSQL).
TDB_TESTS  = test_db test_certdb test_compdb test_jobs
TDB_SRC	   = tests/unit/tdb.c tests/unit/tdb.h
$(TDB_TESTS:%=build/test/%) $(TDB_TESTS:%=build/asan/%): $(TDB_SRC)

build/test/%: tests/unit/%.c $(CORE_OBJ) $(HEADERS) build/kore-features
	@mkdir -p build/test
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS) -o $@ $< $(filter %.c,$(filter-out $<,$^)) \
	    $(CORE_OBJ) $(LIBS) -lcmocka

build/asan/%: tests/unit/%.c $(ASAN_OBJ) $(HEADERS) build/kore-features
	@mkdir -p build/asan
	@echo "  ASAN    $@"
	@$(CC) $(CFLAGS) $(SANITIZE) -o $@ $< \
	    $(filter %.c,$(filter-out $<,$^)) $(ASAN_OBJ) $(LIBS) -lcmocka

# Kept between runs (they are intermediate files to make).
.SECONDARY: $(ASAN_OBJ)

unit: $(UNIT_TESTS:%=build/test/%) $(UNIT_TESTS:%=build/asan/%)

# tests/run.sh runs the unit tests this list names.
unit-list:
	@echo $(UNIT_TESTS)

# ... and the ones of them tests/run.sh runs again on PostgreSQL.
unit-pg-list:
	@echo $(TDB_TESTS)

# Install every Debian package the project needs (only the missing ones),
# then the browser test's npm packages (and the credential verifiers':
# again whenever package-lock.json is newer than what npm installed).
# Needs root on a fresh machine.
# Node.js may come from elsewhere (NodeSource bundles npm and conflicts
# with Debian's npm): Debian's nodejs and npm only when npm is missing.
deps:
	@missing=""; for p in $(DEBIAN_PKGS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | \
		    grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq $$missing; \
	fi
	@if [ ! -d tests/browser/node_modules/playwright-core ] || \
	    [ ! -d tests/browser/node_modules/canonicalize ] || \
	    [ ! -d tests/browser/node_modules/bs58 ] || \
	    [ ! -d tests/browser/node_modules/@digitalbazaar/vc ] || \
	    [ ! -d tests/browser/node_modules/@axe-core/playwright ] || \
	    [ tests/browser/package-lock.json -nt \
	    tests/browser/node_modules/.package-lock.json ]; then \
		cd tests/browser && npm ci --no-audit --no-fund --silent; \
	fi

# Fuzzing (tests/fuzz/): a libFuzzer harness per parser of outside input,
# built with Debian's clang, ASan and UBSan over the core compiled once
# more into build/fuzz-obj/ (fuzz_comprules also links the server's
# comprules.o; the harness answers its web_* calls). `make fuzz` runs
# each for FUZZ_SECONDS on its seed corpus (tests/fuzz/corpus/<target>/,
# read only; what it finds goes to build/fuzz/) and prints execs and
# findings per target; tests/run.sh runs each for 10 s.
FUZZ_CC	     = clang
FUZZ_SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all \
	       -fno-omit-frame-pointer -O1
FUZZ_OBJ     = $(CORE:%=build/fuzz-obj/%.o)
FUZZ_TARGETS = coursefile roster photo_probe photo_decode comprules marks \
	       claims codes realname utf8 rdfc status
FUZZ_SECONDS ?= 60

build/fuzz-obj/%.o: src/%.c $(HEADERS) build/kore-features
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/fuzz_comprules: build/fuzz-obj/selection/comprules.o

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) $(HEADERS)
	@mkdir -p build/fuzz
	@echo "  FUZZ    $@"
	@$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	    $(filter %.o,$^) $(LIBS)

.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The seeds that need the core to be made (tests/fuzz/mkseeds.c).
build/fuzz/mkseeds: tests/fuzz/mkseeds.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	@mkdir -p build/fuzz
	@$(FUZZ_CC) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -o $@ \
	    $< $(FUZZ_OBJ) $(LIBS)

fuzz-seeds: build/fuzz/mkseeds
	build/fuzz/mkseeds tests/fuzz/corpus

fuzz-list:
	@echo $(FUZZ_TARGETS)

# PostgreSQL (issue 18): every statement's PostgreSQL text prepared on a
# server the test starts itself (tests/pg/pgserver.py), the schema
# compared with SQLite's, the tricky statements run on real rows.
PG_OBJ	 = build/store/sql.o build/store/sql_pg.o build/store/schema_pg.o

build/pg/pgprep: tests/pg/pgprep.c $(PG_OBJ) $(HEADERS)
	@mkdir -p build/pg
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) $$(pkg-config --cflags libpq) -o $@ $< $(PG_OBJ) \
	    $$(pkg-config --libs libpq) -lsqlite3

test-pg-sql: build/yujiang-admin build/pg/pgprep
	python3 tests/pg/test_pg_sql.py

# Moving a town (yujiang-admin migrate-to): the admin tool and the server.
test-pg-migrate: all
	python3 tests/pg/test_migrate_to.py

# Certificates' QR codes open $(PUBLIC_URL)/v/<code>: set it to the
# address phones reach (production: the https:// name nginx serves).
PUBLIC_URL ?= http://127.0.0.1:$(PORT)
run: export YUJIANG_PUBLIC_URL ?= $(PUBLIC_URL)

# As root, like production: workers as the user yujiang, chrooted into
# $(DATA) (conf/run.sh).
run: deps all
	@exec conf/run.sh $(DATA) $(PORT) $(WORKERS)

test: deps all unit fuzz-build build/pg/pgprep
	@tests/run.sh

# Upgrades lose nothing: a database made by the tree of each earlier
# schema version, migrated to today's (tests/upgrade/run.py).
test-upgrade: all
	@python3 tests/upgrade/run.py

# Times certificate rendering without the server (tests/bench/render.c).
build/bench-render: tests/bench/render.c $(CORE_OBJ) $(HEADERS) build/kore-features
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ tests/bench/render.c $(CORE_OBJ) $(LIBS)

# Times a competition's results without the server (tests/bench/results.c).
build/bench-results: tests/bench/results.c $(CORE_OBJ) $(HEADERS) build/kore-features
	@echo "  LD      $@"
	@$(CC) $(CFLAGS) -o $@ tests/bench/results.c $(CORE_OBJ) $(LIBS)

bench: deps all build/bench-render build/bench-results
	@tests/bench/bench.sh
	@tests/bench/scale.sh
	@python3 tests/bench/engines.py

# The town-scale data set (issue #16) in build/bench-data, made once:
# tests/bench/scale.sh remakes it when its generator version changes.
bench-data: all
	@BENCH_DURATION=0 tests/bench/scale.sh --data-only

clean:
	rm -rf build tests/out

.PHONY: all deps run test test-upgrade bench bench-data clean unit unit-list unit-pg-list FORCE fuzz \
	fuzz-build fuzz-list fuzz-seeds test-pg-sql test-pg-migrate
