docker run --read-only --tmpfs /tmp registry.example.com/api:1.0
