# expect: CR002:3
# expect: CR002:4
docker run --user=root registry.example.com/web:1.0
docker run -u 0 registry.example.com/web:1.0
