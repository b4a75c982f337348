FROM alpine AS s0
FROM s0 AS s1
FROM s1 AS s2
COPY --from=s0 / /
FROM scratch AS unused
COPY --from=4 /x /y
FROM s2
COPY --from=S1 /a /b
RUN --mount=type=bind,from=s0,target=/mnt true
