# apt in scripts.
# expect: DF058:6
# expect: DF058:6
# expect: DF058:7
FROM debian:12
RUN apt update && apt install -y --no-install-recommends curl
RUN sudo apt-get update && sudo apt list --installed
USER 10001
