# expect: DF001:3
# The container runs as root: nothing sets a user.
FROM python:3.12-slim
WORKDIR /app
COPY app.py .
CMD ["python", "app.py"]
