# A multi-stage build whose final base is still a toolchain is DF011's business.
FROM golang:1.22 AS build
RUN go build -o /out/app .
FROM golang:1.22
COPY --from=build /out/app /app
CMD ["/app"]
