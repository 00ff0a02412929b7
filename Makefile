# tdkt: one GNU Makefile, pkg-config for every library (DESIGN.md §1).
# Targets: all run test asan bench lint clean. BUILD=dir SAN=1 builds with
# AddressSanitizer + UBSan into another directory.

CC      ?= cc
BUILD   ?= build
SAN     ?= 0
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium icu-uc icu-i18n libzip expat xlsxwriter
DB      ?= sqlite:var/tdkt.db
LISTEN  ?= 127.0.0.1:8080

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -fno-common -Wformat=2 -Wvla -Wpointer-arith \
           -Wno-missing-field-initializers # route tables omit trailing fields on purpose (zero)
CFLAGS  ?= -O2 -g
ifeq ($(SAN),1)
CFLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
LDSAN   := -fsanitize=address,undefined
endif
# Recursive (=) so pkg-config runs only after deps.sh has installed the packages.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lpthread
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -Isrc -I$(BUILD)/gen $(CFLAGS) $(PKG_CFLAGS) -MMD -MP

LIB_SRC  := $(sort $(wildcard src/lib/*.c src/db/*.c src/core/*.c src/web/*.c src/cli/*.c src/export/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/embedded.o
EMBED_IN := $(sort $(wildcard src/db/sql/*.sql src/web/static/*))
TEST_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
DEPS_OK  := deps

# Keep every intermediate file (test objects): make would otherwise delete them
# at the end, printing an "rm" line after the test summary.
.SECONDARY:

.PHONY: all run test test-unit asan bench lint clean deps fuzz fuzz-smoke
all: $(BUILD)/tdkt

# Order-only prerequisite of every compile: installs what is missing (a quick
# no-op when everything is there).
deps:
	@bash scripts/deps.sh

$(BUILD)/tools/embed: tools/embed.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED_IN)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@ $(EMBED_IN)

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libtdkt.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tdkt: $(BUILD)/src/main.o $(BUILD)/libtdkt.a
	$(CC) $(LDSAN) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libtdkt.a
	@mkdir -p $(@D)
	$(CC) $(LDSAN) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs cmocka)

test-unit: $(TEST_BIN) $(BUILD)/tdkt

# Every test: unit, HTTP on SQLite, HTTP on PostgreSQL, then unit + HTTP again
# under ASan+UBSan. Ends with one line "N passed, N failed".
test: all test-unit
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 test-unit
	@bash tests/run.sh

asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 all test-unit

# libFuzzer harnesses (tests/fuzz) built with clang into build/fuzz.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c | deps
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" build/fuzz/libtdkt.a
	clang $(WARN) -D_GNU_SOURCE -Isrc $(FUZZ_FLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $< build/fuzz/libtdkt.a $(PKG_LIBS)

# A bounded, seeded run of every harness (part of make test).
fuzz-smoke: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$${f##*/fuzz_}; mkdir -p build/fuzz/work/$$n; \
	  $$f -seed=1 -runs=$${FUZZ_RUNS:-30000} -max_len=4096 build/fuzz/work/$$n tests/fuzz/corpus/$$n \
	    >build/fuzz/$$n.log 2>&1 || { echo "fuzz $$n: FAILED"; tail -30 build/fuzz/$$n.log; exit 1; }; \
	  echo "fuzz $$n: $$(grep -c . build/fuzz/$$n.log) lines, no crash"; done

# Open-ended fuzzing: make fuzz FUZZ_SECONDS=600
fuzz: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$${f##*/fuzz_}; mkdir -p build/fuzz/work/$$n; \
	  $$f -max_total_time=$${FUZZ_SECONDS:-60} build/fuzz/work/$$n tests/fuzz/corpus/$$n || exit 1; done

run: all
	@bash scripts/run.sh $(BUILD)/tdkt "$(DB)" "$(LISTEN)"

bench: all
	@bash bench/run.sh $(BUILD)/tdkt

lint:
	@bash scripts/lint.sh

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
