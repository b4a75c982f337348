# expect: CR009:3
# expect: CR009:3
docker run --net=host --pid host registry.example.com/monitor:1.0
