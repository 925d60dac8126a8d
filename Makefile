# SPDX-License-Identifier: GPL-3.0-or-later
# Convenience front end over CMake. `make demo` and `make test` are the two documented entry points.
JOBS   ?= $(shell nproc)
CMAKE  ?= cmake

.PHONY: all deps build demo test test-release test-asan test-fuzz bench fuzz fuzz-long format clean

all: build

deps:
	bash scripts/deps.sh

build: deps
	$(CMAKE) --preset release >/dev/null
	$(CMAKE) --build --preset release -j $(JOBS)

# Figures the demo draws go to out/ (ignored by git), not into the source tree.
demo: build
	mkdir -p out
	cd out && ../build/release/liquidus demo
	@echo "demo figures: $(CURDIR)/out/"

# The whole suite twice (an optimised build, then AddressSanitizer + UBSan), then a short
# deterministic run of every libFuzzer target.
test: deps test-release test-asan test-fuzz

test-release:
	$(CMAKE) --preset release >/dev/null
	$(CMAKE) --build --preset release -j $(JOBS)
	ctest --preset release -j $(JOBS)

test-asan:
	$(CMAKE) --preset asan >/dev/null
	$(CMAKE) --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

FUZZ_TARGETS = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

test-fuzz:
	$(CMAKE) --preset fuzz >/dev/null
	$(CMAKE) --build --preset fuzz -j $(JOBS) --target $(FUZZ_TARGETS)
	bash tests/fuzz/smoke.sh build/fuzz

# Every fuzz target for FUZZ_SECONDS each (default 600), with libFuzzer's final statistics.
FUZZ_SECONDS ?= 600
fuzz-long: fuzz
	LQ_FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/smoke.sh build/fuzz

# The full output goes to build/bench/bench.log and README.md's table is regenerated from it; a
# failed benchmark appears in the table as such, and bench_table.py then exits non-zero.
bench: deps
	$(CMAKE) --preset bench >/dev/null
	$(CMAKE) --build --preset bench -j $(JOBS)
	bash bench/run.sh build/bench 2>&1 | tee build/bench/bench.log
	python3 scripts/bench_table.py build/bench/bench.log README.md

# Long fuzzing: build/fuzz/fuzz_<name> CORPUS -max_total_time=600
fuzz: deps
	$(CMAKE) --preset fuzz >/dev/null
	$(CMAKE) --build --preset fuzz -j $(JOBS) --target $(FUZZ_TARGETS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
