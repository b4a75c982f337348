# expect: CR007:2
docker run --read-only=false registry.example.com/api:1.0
