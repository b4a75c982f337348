FROM node:20-alpine
CMD ["node", "server.js"]
FROM alpine:3.20
ENTRYPOINT exec /usr/local/bin/app --serve
FROM python:3.12-slim
SHELL ["/bin/bash", "-c"]
CMD python app.py
FROM scratch
ENTRYPOINT ["/main"]
ONBUILD CMD ["/main", "--child"]
