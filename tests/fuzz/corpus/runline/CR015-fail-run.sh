# expect: CR015:3
# expect: CR015:3
docker run -d -P -p 443:8443 registry.example.com/web:1.0
