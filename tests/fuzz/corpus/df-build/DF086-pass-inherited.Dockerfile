FROM alpine:3.20 AS base
HEALTHCHECK --interval=30s CMD ["/bin/true"]
FROM base AS mid
RUN echo mid
FROM mid
CMD ["/app"]
