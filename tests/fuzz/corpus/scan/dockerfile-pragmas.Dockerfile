# hadolint global ignore=DL3006
# checkov:skip=CKV_DOCKER_2:no healthcheck for jobs
# check=skip=JSONArgsRecommended
FROM alpine
# vakt ignore=DF001,DF002 -- the base image runs as nonroot
# trivy:ignore:AVD-DS-0002
USER root
# hadolint ignore=DL3018 # pinned by digest elsewhere
RUN apk add curl
# hadolint stage ignore=DL3059
RUN a
RUN b
# vakt ignore-file=DF050
# vakt ignore
FROM scratch
