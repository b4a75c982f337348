# expect: CR012:2
docker run --security-opt apparmor=unconfined registry.example.com/builder:1.0
