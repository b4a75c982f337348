# expect: DF020:4
# expect: DF020:4
FROM alpine:3.20
ENV APP_ENV=prod API_KEY=xyz DB_PASSWORD=hunter2
