IMAGE ?= acme/billing
TAG := dev

.PHONY: run test build

# Targets run in dependency order, not file order.
run: build
	docker run --rm -p 127.0.0.1:8080:8080 --env-file .env $(IMAGE)

test: build
	docker run --rm $(IMAGE):$(TAG) go test ./...

build:
	docker build -t $(IMAGE) .
	docker tag $(IMAGE) $(IMAGE):$(TAG)
