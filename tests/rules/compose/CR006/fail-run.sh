# expect: CR006:2
docker run --cap-add=SYS_PTRACE --cap-drop=ALL registry.example.com/debug:1.0
