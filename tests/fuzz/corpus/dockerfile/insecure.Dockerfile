FROM ubuntu:latest
MAINTAINER someone <someone@example.com>
ENV AWS_SECRET_ACCESS_KEY=AKIAIOSFODNN7EXAMPLE
ARG GITHUB_TOKEN
RUN apt update && apt install -y curl wget sudo openssh-server netcat
RUN curl -sSL https://get.example.com/install.sh | sh
ADD https://example.com/tool.tar.gz /opt/
ADD config.json /etc/app/
EXPOSE 22
RUN chmod 777 /tmp && chmod u+s /usr/bin/tool
USER root
CMD /usr/sbin/sshd -D
