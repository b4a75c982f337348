FROM alpine:3.20 AS build
RUN echo hi > /hi
FROM build
FROM scratch
COPY --from=build /hi /hi
