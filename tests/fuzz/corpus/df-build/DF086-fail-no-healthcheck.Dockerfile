# A HEALTHCHECK in a stage the final one is not built on does not count.
# expect: DF086:6
FROM golang:1.22 AS build
HEALTHCHECK CMD ["true"]
RUN go build -o /app .
FROM scratch
COPY --from=build /app /app
ONBUILD HEALTHCHECK CMD ["/app", "-health"]
