# expect: CR011:2
docker run -v /proc/:/host/proc registry.example.com/agent:1.0
