# Passwords set or removed at build time.
# expect: DF046:8
# expect: DF046:9
# expect: DF046:10
# expect: DF046:11
# expect: DF046:13
FROM debian:12
RUN echo 'root:hunter2' | chpasswd
RUN passwd -d root
RUN usermod -p '$6$salt$hash' app
RUN useradd --password '$6$salt$hash' -u 10001 svc
FROM centos:7
RUN echo secret | passwd --stdin app
USER 10001
