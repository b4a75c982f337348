# expect: CR005:3
up:
	@docker run -d --cap-add NET_BIND_SERVICE registry.example.com/api:1.0
