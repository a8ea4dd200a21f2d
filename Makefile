# The README's Quick start uses `make run` (the local demo) and `make test` (every test).
SHELL := /bin/bash
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: setup build test run bench-translate bench-validator bench-emulator bench-store bench-applier clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

# Every test: the Swift suites (unit, and integration over real sockets with real peers).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2
	bash scripts/test-deploy.sh

run: setup
	$(SWIFT) build --product midonet-webhook
	$(SWIFT) run --skip-build midonet-webhook translate --global examples/cluster.yaml

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

# The applier draining 1,000 Services × 3 endpoints into the emulator (--latency-ms 2): one op at a
# time (the original's way) vs concurrently; ops, seconds, ops/s, speed-up.
bench-applier: setup
	SWIFT_BUILD="$(SWIFT)" scripts/bench-applier.sh 1000 3 2

clean:
	rm -rf .build
