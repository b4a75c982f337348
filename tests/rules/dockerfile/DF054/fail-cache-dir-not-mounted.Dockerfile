# --cache-dir elsewhere than the cache mount keeps the wheels in the layer.
# expect: DF054:4
FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/pip pip install --cache-dir=/root/pipcache flask==3.0.3
USER 10001
