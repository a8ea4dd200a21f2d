# The README's Quick start uses `make run` (the local demo) and `make test` (every test).
SHELL := /bin/bash
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: setup build test test-swift run translate-example bench-translate bench-store clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

# Every test: the Swift suites (unit, and integration over real sockets with real peers).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2

run: setup
	$(SWIFT) build --product midonet-webhook
	$(SWIFT) run --skip-build midonet-webhook translate --global examples/cluster.yaml

bench-translate: setup
	$(SWIFT) build -c release --product midonet-bench
	.build/release/midonet-bench translate

# Durable audit ingest through the group committer (no HTTP): events/s, p50/p99 batch latency.
bench-store: setup
	$(SWIFT) build -c release --product midonet-bench
	.build/release/midonet-bench store

clean:
	rm -rf .build
