# expect: CR013:2
docker run -d -p 27017:27017 mongo:7.0
