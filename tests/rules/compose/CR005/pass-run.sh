# the 2020 article's command
docker run --cap-drop=ALL --cap-add=NET_BIND_SERVICE --user 1001 my-app:1.0.2
podman run --cap-drop all registry.example.com/api:1.0
