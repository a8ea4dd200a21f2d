# The README's Quick start uses `make run` (the local demo) and `make test` (every test).
SHELL := /bin/bash
SWIFT ?= swift
# Builds of the by-hand targets (reliability, soak, sanitizers); a shared machine may serialise
# them through a lock wrapper: `make test-asan SWIFT_BUILD=swiftb`.
SWIFT_BUILD ?= $(SWIFT)
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: setup build test run bench-translate bench-validator bench-emulator bench-store bench-store-instructions bench-audit bench-http bench-validate bench-instructions bench-applier bench-drift clean \
	reliability-build test-reliability test-reliability-long soak fuzz fuzz-build fuzz-long test-asan test-tsan

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

# Every test: the Swift suites (unit, and integration over real sockets with real peers).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2
	$(MAKE) --no-print-directory test-reliability
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)
	bash scripts/test-deploy.sh
	bash scripts/test-alerts.sh
	$(SWIFT) build --product midonet-webhook
	$(SWIFT) build --product midonet-applier
	$(SWIFT) build --product midonet-emulator
	bash scripts/test-demo.sh

# The local demo: emulator + applier + webhook on loopback, a scenario, then serving until Ctrl-C.
run: setup
	$(SWIFT) build --product midonet-webhook
	$(SWIFT) build --product midonet-applier
	$(SWIFT) build --product midonet-emulator
	scripts/demo.sh

bench-translate: setup
	$(SWIFT) build -c release --product midonet-bench
	.build/release/midonet-bench translate

bench-validator: setup
	$(SWIFT) build -c release --product midonet-bench
	.build/release/midonet-bench validator

# The MidoNet emulator's core at 100,000 rules in one chain: create, list, get, delete (ops/s, RSS).
bench-emulator: setup
	$(SWIFT) build -c release --product midonet-emulator
	.build/release/midonet-emulator bench --rules 100000

# Durable audit ingest through the group committer (no HTTP): events/s, p50/p99 batch latency.
bench-store: setup
	$(SWIFT) build -c release --product midonet-bench
	.build/release/midonet-bench store

# Instructions per creating and per updating audit event in the store (callgrind; load-independent).
bench-store-instructions: setup
	scripts/bench-store-instructions.sh

# The same audit batches end to end: midonet-webhook over mTLS + HTTP/2, posted by curl.
bench-audit: setup
	scripts/bench-audit.sh

# /validate with a real Service review vs nginx (constant answer) and a Go net/http webhook.
bench-validate: setup
	scripts/bench-validate.sh

# The HTTP layer alone vs nginx, constant response.
bench-http: setup
	scripts/bench-http.sh

# Instructions per /validate request under callgrind (ours, the HTTP layer alone, nginx): a
# measure the machine's other load does not move.
bench-instructions: setup
	scripts/bench-instructions.sh

# Reliability and security suite (issue 8, Tests/Reliability/README.md): crash matrix, MidoNet
# faults, the hostile-input corpus, TLS/mTLS checks, over the real binaries on 127.0.0.1.
# SwiftPM takes one --product per build, so each is built in turn (incremental after the first).
RELIABILITY_PRODUCTS := midonet-webhook midonet-applier midonet-emulator
PY := /usr/bin/python3

reliability-build: setup
	@for p in $(RELIABILITY_PRODUCTS); do $(SWIFT_BUILD) build --product $$p || exit 1; done

test-reliability: reliability-build
	$(PY) Tests/Reliability/run.py --quick

# By hand: 24 crash rounds, heavier fault profiles.
test-reliability-long: reliability-build
	$(PY) Tests/Reliability/run.py --long

# By hand: 10 minutes of mixed /validate and /audit load at half the measured maximum.
SOAK_SECONDS ?= 600
soak: reliability-build
	$(PY) Tests/Reliability/run.py --soak --soak-seconds $(SOAK_SECONDS)

# libFuzzer targets (Sources/Fuzz/*, declared in Package.swift only when MIDONET_FUZZ is set),
# built into .build-fuzz so the normal build is untouched. `make fuzz` runs each for
# FUZZ_SECONDS from the hostile corpus; crashes land in Tests/Reliability/corpus/fuzz-crashes/.
FUZZ_TARGETS := FuzzHTTP1 FuzzAdmissionReview FuzzAuditTranslate
FUZZ_SECONDS ?= 30
# The short run in `make test` (CI): the instrumented build (about 3 minutes from a new clone on
# 2 cores) and this many seconds per target, every seed in the corpus replayed first.
TEST_FUZZ_SECONDS ?= 15
fuzz-build: setup
	@for t in $(FUZZ_TARGETS); do MIDONET_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product $$t \
		-Xswiftc -sanitize=fuzzer || exit 1; done

fuzz: fuzz-build
	bash Tests/Reliability/fuzz.sh $(FUZZ_SECONDS)

fuzz-long:
	$(MAKE) fuzz FUZZ_SECONDS=1800

# Sanitizers over the Swift test suites, each in its own scratch path (slow; by hand). The
# child processes the tests start (webhook, applier, emulator) are built instrumented too and
# inherit the options. Tests/Sanitizers/*.supp hold the suppressions, each with its reason
# (reports from the runtime, never our code). LeakSanitizer runs with ASan (Linux default).
# One test at a time (SANITIZER_WIDTH): slowed down by a sanitizer, the tests that block a
# thread (child processes, curl, a 160 s CPU-bound decoder comparison under ASan) held the few
# threads of Swift's cooperative pool (2 cores) so long that time-bound async tests running
# beside them starved (30 s and more between two steps) and failed; at width 3 still once.
SANITIZER_WIDTH ?= 1
SANITIZED_TEST = SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=$(SANITIZER_WIDTH) \
	$(SWIFT) test --skip-build --parallel --num-workers 2
test-asan: setup
	$(SWIFT_BUILD) build --build-tests --sanitize=address --scratch-path .build-asan
	ASAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/asan.supp \
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp \
	$(SANITIZED_TEST) --sanitize=address --scratch-path .build-asan

test-tsan: setup
	$(SWIFT_BUILD) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/tsan.supp \
	$(SANITIZED_TEST) --sanitize=thread --scratch-path .build-tsan

# The applier draining 1,000 Services × 3 endpoints into the emulator (--latency-ms 2): one op at a
# time (the original's way) vs concurrently; ops, seconds, ops/s, speed-up.
bench-applier: setup
	SWIFT_BUILD="$(SWIFT)" scripts/bench-applier.sh 1000 3 2

# One drift repair pass over 5,000 and 20,000 Services: pass seconds and the applier's peak memory.
bench-drift: setup
	SWIFT_BUILD="$(SWIFT)" scripts/bench-drift.sh 5000 3
	SWIFT_BUILD="$(SWIFT)" scripts/bench-drift.sh 20000 3

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan
