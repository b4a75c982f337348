# A credential copied into a build stage the image does not ship is still
# reported (it stays in the builder's cache), one severity lower.
FROM golang:1.22 AS build
WORKDIR /src
# expect: DF022:6
COPY .netrc /root/.netrc
COPY . .
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
