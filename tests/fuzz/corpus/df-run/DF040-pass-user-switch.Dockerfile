# USER switches instead of sudo; sudo as a package name or an echo argument is no sudo call.
FROM debian:12
USER root
RUN apt-get update && apt-get install -y --no-install-recommends sudo && echo sudo
USER 10001
