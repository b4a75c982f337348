# Pinned versions, requirement and constraint files, local files, VCS sources and variables.
FROM debian:12
ARG CURL_VERSION=7.88.1-10+deb12u7
RUN apt-get update && apt-get install -y --no-install-recommends curl=${CURL_VERSION} ./local.deb $EXTRA_PACKAGES
RUN pip install --no-cache-dir -r requirements.txt 'uvicorn[standard]>=0.30' git+https://github.com/x/y.git@v1.0 .
RUN pip install --no-cache-dir -c constraints.txt flask
RUN npm install -g typescript@5.4.5 && gem install rails -v 7.1.3 && go install golang.org/x/tools/gopls@v0.16.1 ./...
RUN npm ci && go install ./cmd/...
FROM rockylinux:9
RUN yum install -y httpd-2.4.57 @development /tmp/x.rpm && yum clean all
USER 10001
