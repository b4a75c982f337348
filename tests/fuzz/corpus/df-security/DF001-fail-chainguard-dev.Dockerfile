# expect: DF001:3
# Chainguard's -dev variants are not the non-root runtime images.
FROM cgr.dev/chainguard/python:latest-dev
COPY app.py /app/
CMD ["python", "/app/app.py"]
