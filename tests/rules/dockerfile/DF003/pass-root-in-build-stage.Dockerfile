# A build stage (the final stage copies from it) may switch back to root.
FROM alpine:3.20 AS build
USER app
USER root
RUN touch /out
FROM alpine:3.20
COPY --from=build /out /out
USER 10001
