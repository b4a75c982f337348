docker run --user 10001 registry.example.com/web:1.0
docker run -u "$(id -u):$(id -g)" registry.example.com/web:1.0
