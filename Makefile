# wa - build, test and install.  See README.md.
#
#   make            libwa and every binary into build/
#   make check      install what is missing, build, run every test
#                   (also under AddressSanitizer and UBSan)
#   make onboard    install what is missing, build, onboard the example
#   make fuzz       each fuzz target under libFuzzer (FUZZ_SECONDS, 60)
#   make install PREFIX=/usr/local

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
SAN     ?=
PKGS     = jansson sqlite3 yaml-0.1 libpcre2-8 libcrypto zlib libcurl libxml-2.0 \
	   uchardet libexttextcat libcmark-gfm libedit
# linked from their static archives (README, Dependencies)
STATIC   = jansson sqlite3 libpcre2-8
# loaded when first needed, not linked (lib/base/lazy.h): their headers only
LAZY     = libcurl libxml-2.0 libedit

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra -Werror -Wno-format-truncation $(CFLAGS) $(SAN) \
	      -Ilib -Icmd -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS))
ALL_LDFLAGS = $(SAN) -pthread -Wl,--as-needed $(LDFLAGS)
# SQLite, jansson and PCRE2, which every command spends its time in, come
# from their static archives, and jemalloc, the allocator, too (its shared
# library would load libstdc++ into every command); not jemalloc under the
# sanitizers, whose own allocator finds the leaks and overflows.  The
# binaries depend on the archives, so that `make` relinks them when a
# Debian update replaces one (README, Dependencies).
archive     = $(shell $(CC) -print-file-name=$(1))
ARCHIVES    = $(foreach p,$(STATIC),$(call archive,lib$(p:lib%=%).a))
MALLOC      = $(if $(SAN),,$(call archive,libjemalloc_pic.a))
LIBS        = $(shell pkg-config --libs $(filter-out $(STATIC) $(LAZY),$(PKGS))) \
	      -lcmark-gfm-extensions -lhpdf -lm $(MALLOC)

LIB_SRC   = $(wildcard lib/*/*.c)
LIB_OBJ   = $(LIB_SRC:lib/%.c=$(BUILD)/obj/lib/%.o) $(BUILD)/obj/gen/embedded.o
EMBEDDED  = $(sort $(wildcard schemas/migrations/*.sql) $(wildcard schemas/*.json) \
	    $(wildcard schemas/data/*.json) $(wildcard schemas/templates/*/*.md) \
	    $(wildcard schemas/templates/*/clauses/*.md))
# the defaults an installed wa needs without the repository: the rate
# card and the integration catalog, built in as defaults/NAME
DEFAULTS  = examples/ratecard.yaml examples/integrations.yaml
# a binary per cmd/wa-X.c, and one per directory cmd/X/ with a main.c;
# cmd/cli/ (the command library) and cmd/doclife/ (the document commands
# two binaries share) are libwacmd.a
CMD_FILES = $(wildcard cmd/wa-*.c)
CMD_DIRS  = $(patsubst cmd/%/,%,$(dir $(wildcard cmd/*/main.c)))
CMDLIB_OBJ = $(patsubst cmd/%.c,$(BUILD)/obj/cmd/%.o,$(wildcard cmd/cli/*.c cmd/doclife/*.c))
BINS      = $(CMD_FILES:cmd/%.c=$(BUILD)/bin/%) $(CMD_DIRS:%=$(BUILD)/bin/%)
UNIT_SRC  = $(wildcard tests/unit/*.c)
UNIT_OBJ  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/obj/tests/%.o)
MANS      = $(wildcard man/*.1 man/*.5)
# fuzz targets (tests/fuzz/): plain programs that replay a corpus here,
# libFuzzer programs under make fuzz
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ      = $(FUZZ_SRC:tests/fuzz/%.c=%)
FUZZ_BINS = $(FUZZ:%=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

.PHONY: all deps check test test-unit test-cli test-schemas test-san onboard lint-code \
	install uninstall lint-man bench clean test-fuzz fuzz
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

all: $(BUILD)/lib/libwa.a $(BUILD)/lib/libwacmd.a $(BINS)

$(BUILD)/tools/embed: scripts/embed.c
	@mkdir -p $(@D)
	$(CC) -O1 -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBEDDED) $(DEFAULTS)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@ schemas $(EMBEDDED) $(join $(DEFAULTS:examples/%=defaults/%=),$(DEFAULTS))

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c lib/base/embedded.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ilib/base -c -o $@ $<

$(BUILD)/obj/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/lib/libwa.a: $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/lib/libwacmd.a: $(CMDLIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/obj/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Icmd/doclife -MMD -MP -c -o $@ $<

$(BUILD)/bin/wa-%: $(BUILD)/obj/cmd/wa-%.o $(BUILD)/lib/libwacmd.a $(BUILD)/lib/libwa.a $(ARCHIVES) $(MALLOC)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out $(MALLOC),$^) $(LIBS)

.SECONDEXPANSION:
$(CMD_DIRS:%=$(BUILD)/bin/%): $$(patsubst cmd/%.c,$(BUILD)/obj/cmd/%.o,$$(wildcard cmd/$$(@F)/*.c)) $(BUILD)/lib/libwacmd.a $(BUILD)/lib/libwa.a $(ARCHIVES) $(MALLOC)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out $(MALLOC),$^) $(LIBS)

$(BUILD)/obj/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-field-initializers -MMD -MP -c -o $@ $<

$(BUILD)/tests/unit: $(UNIT_OBJ) $(BUILD)/lib/libwacmd.a $(BUILD)/lib/libwa.a $(ARCHIVES) $(MALLOC)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out $(MALLOC),$^) $(LIBS) -lcriterion

$(BUILD)/obj/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-missing-field-initializers -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/%: $(BUILD)/obj/fuzz/%.o $(BUILD)/obj/fuzz/replay.o $(BUILD)/lib/libwa.a $(ARCHIVES) \
		$(MALLOC)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter-out $(MALLOC),$^) $(LIBS) -lm

# the same targets for libFuzzer (scripts/fuzz builds them with clang)
$(BUILD)/fuzzer/%: $(BUILD)/obj/fuzz/%.o $(BUILD)/lib/libwa.a $(ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS) -lm

# the date parser measured on Duckling's corpus (tests/tools/when_eval.c)
$(BUILD)/tools/when-eval: tests/tools/when_eval.c tests/tools/when_corpus.h $(BUILD)/lib/libwa.a $(ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(filter %.c %.a,$^) $(LIBS) -lm

-include $(wildcard $(BUILD)/obj/*/*.d $(BUILD)/obj/*/*/*.d $(BUILD)/obj/*/*/*/*.d)

# ---- the README's two commands ----

deps:
	@scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory test-san

onboard: deps
	@$(MAKE) --no-print-directory all
	@examples/onboard.sh

# ---- tests ----

test: lint-code test-unit test-cli test-fuzz lint-man

test-unit: all $(BUILD)/tests/unit
	tests/unit/run $(BUILD)/tests/unit

test-cli: all
	tests/cli/run $(BUILD)/bin

# every fuzz target over its corpus, its seeds and the inputs that once
# crashed it (scripts/fuzz-inputs)
test-fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ); do \
		$(BUILD)/fuzz/$$f $$(scripts/fuzz-inputs --crashes $${f#fuzz_}) || exit 1; \
	done

# each target under libFuzzer for FUZZ_SECONDS (clang; new inputs into
# build/fuzz-work/TARGET, crashes into tests/fuzz/crashes/TARGET)
fuzz:
	@scripts/fuzz $(FUZZ_SECONDS) $(FUZZ)

# the whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer
test-san:
	@$(MAKE) --no-print-directory BUILD=build/san CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test-unit test-cli test-fuzz

# the rules a compiler cannot see: layers, names, a quiet lib/, no SQL in
# cmd/, short functions (docs/architecture.md)
lint-code:
	@scripts/check-code

lint-man:
	@for m in $(MANS); do mandoc -T lint -W warning $$m || exit 1; done
	@echo "man pages: mandoc -T lint clean"

bench: all
	scripts/bench/startup
	scripts/bench/passthrough
	scripts/bench/research
	scripts/bench/nda
	scripts/bench/price
	scripts/bench/agent
	scripts/bench/dialogues
	scripts/bench/kb
	scripts/bench/proposal
	scripts/bench/readability

# ---- install ----

# completions, made by the binaries from their option tables
COMPLETIONS = $(BINS:$(BUILD)/bin/%=$(BUILD)/completions/bash/%) \
	      $(BINS:$(BUILD)/bin/%=$(BUILD)/completions/zsh/_%)

$(BUILD)/completions/bash/%: $(BUILD)/bin/%
	@mkdir -p $(@D)
	$< --completion bash > $@

$(BUILD)/completions/zsh/_%: $(BUILD)/bin/%
	@mkdir -p $(@D)
	$< --completion zsh > $@

install: all $(COMPLETIONS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MANS); do \
		s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man$$s/; \
	done
	install -m 644 $(filter $(BUILD)/completions/bash/%,$(COMPLETIONS)) \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/
	install -m 644 $(filter $(BUILD)/completions/zsh/%,$(COMPLETIONS)) \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions/

uninstall:
	for b in $(notdir $(BINS)); do rm -f $(DESTDIR)$(PREFIX)/bin/$$b; done
	for m in $(notdir $(MANS)); do s=$${m##*.}; rm -f $(DESTDIR)$(PREFIX)/share/man/man$$s/$$m; done
	for b in $(notdir $(BINS)); do \
		rm -f $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$b \
			$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$b; \
	done

clean:
	rm -rf build
