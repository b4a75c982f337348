docker run -d -p 127.0.0.1:2375:2375 docker:27-dind
