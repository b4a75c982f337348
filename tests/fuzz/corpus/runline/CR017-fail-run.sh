# expect: CR017:2
docker run -e MYSQL_ROOT_PASSWORD=example mysql:8.4
