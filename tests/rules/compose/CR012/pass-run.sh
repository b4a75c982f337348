docker run --security-opt seccomp=/etc/docker/seccomp.json registry.example.com/builder:1.0
