docker run -v "$PWD":/src -v cache:/root/.cache registry.example.com/ci-tool:1.0
