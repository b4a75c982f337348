docker run --cap-drop=ALL --cap-add=NET_BIND_SERVICE registry.example.com/web:1.0
