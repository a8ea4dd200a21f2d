# The README's Quick start uses `make run` (the local demo) and `make test` (every test).
SHELL := /bin/bash
SWIFT ?= swift
export PATH := /opt/swift/usr/bin:$(PATH)

.PHONY: setup build test run bench-translate bench-validator bench-emulator bench-store bench-http bench-validate clean

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

# Every test: the Swift suites (unit, and integration over real sockets with real peers).
test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers 2
	bash scripts/test-deploy.sh
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

# /validate with a real Service review vs nginx (constant answer) and a Go net/http webhook.
bench-validate: setup
	scripts/bench-validate.sh

# The HTTP layer alone vs nginx, constant response.
bench-http: setup
	scripts/bench-http.sh

clean:
	rm -rf .build
