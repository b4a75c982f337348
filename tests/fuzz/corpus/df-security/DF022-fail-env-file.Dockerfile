# expect: DF022:4
# expect: DF022:5
FROM node:20-slim
COPY .env /app/.env
COPY .env.production /app/
