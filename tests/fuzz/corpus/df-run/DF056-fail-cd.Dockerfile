# cd as a command of the RUN, plain or in a heredoc; one finding per RUN.
# expect: DF056:5
# expect: DF056:8
FROM debian:12
RUN cd /src && make && cd /out
RUN <<EOF
set -e
cd /srv
make
EOF
USER 10001
