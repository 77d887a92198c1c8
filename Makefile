# coupond: `make test` runs the whole suite. Store and engine tests run on
# the embedded stores, and on MariaDB/MySQL + Redis when they answer at the
# addresses below (CI sets COUPOND_TEST_REQUIRE_SERVICES=1: then a missing
# service fails the run instead of being skipped).

export COUPOND_TEST_MYSQL_DSN ?= root@tcp(127.0.0.1:3306)/
export COUPOND_TEST_REDIS_ADDR ?= 127.0.0.1:6379

GO_TEST_FLAGS ?= -count=1 -timeout 30m

.PHONY: test test-go test-web web-deps generate build run bench

test: test-go test-web

# Two passes: every test at full size, then the short pass (the million-row
# job and the 100k job cut down, the million-row migration left out) under
# the race detector, one package at a time: it slows the code twentyfold,
# and two packages side by side on two cores push the claim and job tests
# past their time limits.
test-go:
	go vet ./...
	go test $(GO_TEST_FLAGS) ./...
	go test -race -short -p 1 $(GO_TEST_FLAGS) ./...

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
