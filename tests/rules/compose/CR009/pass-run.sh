docker run --network app-net registry.example.com/web:1.0
