# A trusted source that stays: a remote repository, or a local one that is
# never removed (or removed before it is written).
# expect: DF045:7
# expect: DF045:8
# expect: DF045:9
FROM debian:12
RUN echo "deb [trusted=yes] http://repo.example.com/ stable main" > /etc/apt/sources.list.d/x.list
RUN echo "deb [trusted=yes] file:///srv/repo ./" > /etc/apt/sources.list.d/local.list
RUN rm -rf /tmp/r && echo "deb [trusted=yes] file:///tmp/r ./" > /etc/apt/sources.list.d/r.list
USER 10001
