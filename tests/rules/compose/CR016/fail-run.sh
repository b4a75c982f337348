# expect: CR016:3
docker run -d \
  -e "REDIS_URL=redis://default:Sup3rS3cret@cache:6379/0" \
  registry.example.com/api:1.0
