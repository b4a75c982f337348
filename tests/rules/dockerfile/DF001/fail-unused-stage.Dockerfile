# An unused stage that sets no USER is judged as a possible final image.
# expect: DF001:6
FROM golang:1.22 AS build
RUN go build -o /app .
COPY . .
FROM debian:12-slim AS worker
COPY --from=build /app /worker
CMD ["/worker"]
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
