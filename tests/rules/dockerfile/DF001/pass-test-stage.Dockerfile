# Test and lint stages (built to run checks, never published), artefact
# export stages (FROM scratch with no command) and used stages are not
# judged as final images.
FROM golang:1.22 AS build
RUN go build -o /app .
FROM build AS test
RUN go test ./...
FROM golangci/golangci-lint:v1.59 AS lint
RUN golangci-lint run
FROM build AS unit-tests
RUN go test -short ./...
FROM scratch AS export
COPY --from=build /app /app
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /app /app
