#!/bin/sh
# -e values, --entrypoint, and the command after the image.
# expect: RS002:6
# expect: RS002:7
# expect: RS002:7
docker run -d -e AWS_REGION=us-east-1 --entrypoint /bin/uploader \
  registry.example.com/app:1 --bucket https://b.s3.us-west-2.amazonaws.com/x --region=ap-southeast-2
