docker run -d -p 127.0.0.1:27017:27017 mongo:7.0
