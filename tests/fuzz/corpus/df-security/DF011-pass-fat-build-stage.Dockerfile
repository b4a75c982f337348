# A full OS in a build stage is fine; only the final base counts.
FROM ubuntu:22.04 AS build
RUN make
FROM scratch
COPY --from=build /out/app /app
