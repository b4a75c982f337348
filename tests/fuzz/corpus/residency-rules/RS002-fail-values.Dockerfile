# expect: RS002:15
# expect: RS002:16
# expect: RS002:17
# expect: RS002:18
# expect: RS002:19
# expect: RS002:21
# expect: RS002:22
# expect: RS002:25
# expect: RS002:27
# expect: RS002:28
# expect: RS002:30
# expect: RS002:31
# expect: RS002:32
FROM alpine:3.20
ENV AWS_REGION=us-east-1
ENV BACKUP_URL=https://backups.s3.us-west-2.amazonaws.com/db
ARG GCP_ZONE=us-central1-a
ENV AZURE_LOCATION=eastus TEAM=shop
ADD https://bucket.s3-us-west-2.amazonaws.com/tool.tgz /tmp/
RUN apk add --no-cache aws-cli \
    && aws s3 cp /tmp/x s3://snapshots/x --region us-west-1 \
    && curl -fsS https://eastus.api.cognitive.microsoft.com/status
RUN <<EOF
set -e
export REGION=westus2
EOF
ONBUILD RUN echo "deploying to ap-southeast-2"
HEALTHCHECK CMD ["wget", "-q", "https://svc-123.us-central1.run.app/health"]
USER 10001
ENTRYPOINT ["/app", "--vertex", "https://us-central1-aiplatform.googleapis.com"]
CMD ["--queue", "https://sqs.us-east-2.amazonaws.com/123456789012/jobs"]
ENV PUSH_TO=us-docker.pkg.dev/acme/r/app
