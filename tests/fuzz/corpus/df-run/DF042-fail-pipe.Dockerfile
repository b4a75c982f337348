# Downloads piped into a shell or interpreter, through sudo and tee too.
# expect: DF042:8
# expect: DF042:10
# expect: DF042:11
# expect: DF042:12
# expect: DF042:13
FROM debian:12
RUN curl -fsSL https://get.example.com | sh
RUN wget -qO- https://get.example.com \
    | bash -s -- --yes
RUN curl -fsSL https://get.example.com | sudo -E bash -
RUN curl -fsSL https://get.example.com | tee /tmp/i.sh | sh
RUN curl -fsSL https://bootstrap.example.com/get.py | python3 -
USER 10001
