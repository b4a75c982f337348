# expect: CR004:4
IMAGE = acme/api:1.2.0
run:
	docker run --rm -p 127.0.0.1:8080:8080 $(IMAGE)
