# expect: CR003:2
docker run -d --name cache redis:7.4
