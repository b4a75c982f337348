# dnf aliases, pipx, go get and go run with @latest, and VCS installs without
# a ref: each is an install whose version is whatever is newest today.
# expect: DF055:14
# expect: DF055:15
# expect: DF055:16
# expect: DF055:18
# expect: DF055:19
# expect: DF055:20
# expect: DF055:21
# expect: DF055:22
# expect: DF055:23
# expect: DF055:24
FROM fedora:40
RUN dnf in -y vim-enhanced && dnf clean all
RUN dnf rei -y tar && microdnf in -y gzip && dnf clean all
RUN yum install -y git && yum clean all
FROM golang:1.22
RUN go get -u github.com/x/tool
RUN go run github.com/x/gen@latest ./api
RUN pip install --no-cache-dir git+https://github.com/x/y.git#egg=y
RUN pip install --no-cache-dir 'y @ git+ssh://git@github.com/x/y.git'
RUN npm install -g git+https://github.com/x/y.git
RUN npm install -g github:x/y
RUN pipx install black
USER 10001
