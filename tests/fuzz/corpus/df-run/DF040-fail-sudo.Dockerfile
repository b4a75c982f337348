# sudo in RUN, also behind env and in a continued line.
# expect: DF040:5
# expect: DF040:7
FROM debian:12
RUN sudo apt-get update
RUN apt-get update \
    && env HOME=/root sudo -u app make install
USER 10001
