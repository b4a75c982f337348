# expect: DF012:2
FROM golang AS build
RUN go build -o /app .
FROM alpine:3.20
COPY --from=build /app /app
