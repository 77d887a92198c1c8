# coupond: `make test` runs the whole suite. Store and engine tests run on
# the embedded stores, and on MariaDB/MySQL + Redis when they answer at the
# addresses below (CI sets COUPOND_TEST_REQUIRE_SERVICES=1: then a missing
# service fails the run instead of being skipped). The API's and the
# engine's tests also run on a MariaDB primary + replica pair of their own,
# which `make testdb` starts on ports 3316 and 3317 (`go run ./cmd/testdb
# down` stops it).

export COUPOND_TEST_MYSQL_DSN ?= root@tcp(127.0.0.1:3306)/
export COUPOND_TEST_REDIS_ADDR ?= 127.0.0.1:6379
export COUPOND_TEST_PRIMARY_DSN ?= root@tcp(127.0.0.1:3316)/
export COUPOND_TEST_REPLICA_DSN ?= root@tcp(127.0.0.1:3317)/

GO_TEST_FLAGS ?= -count=1 -timeout 30m

.PHONY: test test-go test-web testdb web-deps generate build run bench

test: test-go test-web

# Two passes: every test at full size, then the short pass (the million-row
# job and the 100k job cut down, the million-row migration left out) under
# the race detector, one package at a time: it slows the code twentyfold,
# and two packages side by side on two cores push the claim and job tests
# past their time limits.
test-go: testdb
	go vet ./...
	go test $(GO_TEST_FLAGS) ./...
	go test -race -short -p 1 $(GO_TEST_FLAGS) ./...

# testdb starts the primary + replica pair unless it runs. Without MariaDB's
# server programs it says so and the replicated tests are skipped (CI starts
# the pair itself and fails without it).
testdb:
	-go run ./cmd/testdb up

web-deps:
	cd web && npm ci --no-audit --no-fund

test-web: web-deps
	cd web && npm test && npm run e2e

# generate rebuilds everything derived and committed: gqlgen's code, the
# console's typed operations and web/dist.
generate: web-deps
	go run github.com/99designs/gqlgen generate
	cd web && npm run codegen && npm run build

build:
	go build -o coupond .

run:
	go run .
