# Pinned VCS refs, groups (which take no version), gem build options after
# "--", local paths, go run of local files or a pinned module, pinned pipx.
FROM fedora:40
RUN dnf group install -y "Development Tools" && dnf groupinstall -y "C Development Tools and Libraries" && dnf clean all
RUN dnf in -y vim-enhanced-9.1.0 && dnf clean all
FROM python:3.12-slim
RUN pip install --no-cache-dir git+https://github.com/x/y.git@v1.2#egg=y 'z @ git+ssh://git@github.com/x/z.git@0123abc'
RUN pip install --no-cache-dir ./local/path src/pkg . -e . '.[test]' -r requirements.txt
RUN pipx install black==24.4.2 && pipx install ./tools/cli
RUN npm install -g git+https://github.com/x/y.git#v1.2 github:x/z#semver:^1.0
RUN gem install nokogiri -v 1.16.5 -- --use-system-libraries --with-xml2-config=/usr/bin/xml2-config
FROM golang:1.22
RUN go run ./cmd/gen && go run main.go -flag value && go run github.com/x/gen@v1.2.3 ./api
RUN go get github.com/x/tool@v1.4.0 && go get -d ./...
USER 10001
