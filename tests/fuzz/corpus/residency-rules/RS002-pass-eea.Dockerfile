# Regions in the EEA; references whose region cannot be told; text vakt does not read.
# A comment naming us-east-1 is not a value.
FROM alpine:3.20
ENV AWS_REGION=eu-north-1 AZURE_LOCATION=westeurope GCP_ZONE=europe-west4-a
ENV BACKUP_URL=https://backups.s3.eu-central-1.amazonaws.com/db
ENV SNAPSHOTS=s3://snapshots/db GCS=gs://bucket/x STORAGE=https://storage.googleapis.com/b
ENV LEGACY=https://bucket.s3.amazonaws.com/x BLOB=https://acct.blob.core.windows.net/c
ENV NAME=my-us-east-1-bucket FLAG=us_east_1
LABEL org.example.region=us-east-1
COPY us-east-1/ /etc/regions/
RUN echo "using eu-west-1 and norwayeast"
ENV PUBLIC_BASE=gcr.io/distroless/static-debian12
USER 10001
