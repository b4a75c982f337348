# The flag, PIP_NO_CACHE_DIR (ENV, prefix, export), a cache mount or removing the cache.
FROM python:3.12-slim AS a
RUN pip install --no-cache-dir flask==3.0.3
RUN PIP_NO_CACHE_DIR=1 pip install requests==2.32.3
RUN export PIP_NO_CACHE_DIR=true && pip install rich==13.7.1
RUN --mount=type=cache,target=/root/.cache/pip pip install uvicorn==0.30.1
RUN pip install attrs==23.2.0 && rm -rf /root/.cache/pip
RUN pip uninstall -y setuptools
FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask==3.0.3
USER 10001
