# expect: CR018:2
docker run -d --name web my-app:latest
