# The cd stays the RUN's working directory: only a subdirectory is removed,
# the removal comes first, or the subshell closes before the cd.
# expect: DF056:7
# expect: DF056:8
# expect: DF056:9
FROM debian:12
RUN cd /usr/src/app && make && rm -rf /usr/src/app/build
RUN rm -rf /opt/tool && cd /opt/tool && make
RUN (make -C /x) && cd /srv && ./run.sh
USER 10001
