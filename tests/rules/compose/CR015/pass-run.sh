docker run -d -p 127.0.0.1:8443:8443 registry.example.com/web:1.0
