# expect: CR014:2
docker run -d -p 0.0.0.0:2376:2376 docker:27-dind
