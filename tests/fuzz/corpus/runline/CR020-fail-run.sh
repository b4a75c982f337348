# expect: CR020:2
docker run --read-only registry.example.com/api:1.0
