# Public images published by others on gcr.io carry none of your data.
FROM gcr.io/kaniko-project/executor:v1.23.0 AS kaniko
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=kaniko /kaniko/executor /executor
USER 65532
