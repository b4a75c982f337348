# The United Kingdom has an EU adequacy decision, but is outside the EEA.
# expect: RS002:4
FROM alpine:3.20
ENV AZURE_LOCATION=uksouth
USER 10001
