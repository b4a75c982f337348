# expect: DF010:2
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /app .
USER 10001
CMD ["/app"]
