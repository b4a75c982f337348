# EXPOSE 22 in a build stage the final stage copies from is not the image's.
FROM debian:bookworm-slim AS build
EXPOSE 22
RUN touch /out
FROM alpine:3.20
COPY --from=build /out /out
EXPOSE 8080
