FROM golang:1.22
RUN go build -o /app .
