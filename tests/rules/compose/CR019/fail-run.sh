# expect: CR019:2
docker run -d postgress:16
