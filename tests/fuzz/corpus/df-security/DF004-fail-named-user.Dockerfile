# expect: DF004:8
# seed 2022's "RIGHT" example: a name, which runAsNonRoot cannot verify.
FROM node:16-alpine
WORKDIR /app
COPY . .
RUN addgroup -S appgroup && adduser -S appuser -G appgroup
RUN chown -R appuser:appgroup /app
USER appuser
CMD ["node", "index.js"]
