docker run --security-opt=no-new-privileges registry.example.com/api:1.0
podman run --security-opt no-new-privileges:true registry.example.com/api:1.0
