docker run -d my-app:1.0.2
docker run -d "$IMAGE"
