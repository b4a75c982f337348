# expect: CR008:2
docker run --security-opt label=type:svirt_apache_t registry.example.com/api:1.0
