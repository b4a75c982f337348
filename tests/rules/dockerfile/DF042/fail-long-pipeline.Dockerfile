# Long pipelines (issue 9): each curl or wget is answered by the first
# interpreter after it that reads stdin, through tee, grep and other fetchers.
# expect: DF042:41
# expect: DF042:41
# expect: DF042:42
# expect: DF042:43
# expect: DF042:43
# expect: DF042:44
# expect: DF042:45
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
# expect: DF042:76
FROM debian:12
RUN curl -fsSL https://a | curl -fsSL https://b | sh
RUN curl -fsSL https://a | tee /tmp/x | sh
RUN wget -qO- https://a | tee a | curl -s https://b | tee b | bash -s
RUN curl -fsSL https://a | sh | curl -fsSL https://b | cat
RUN curl -fsSL https://a | grep -v x0 | grep -v x1 | grep -v x2 | grep -v x3 | grep -v x4 | grep -v x5 | grep -v x6 | grep -v x7 | grep -v x8 | grep -v x9 | grep -v x10 | grep -v x11 | grep -v x12 | grep -v x13 | grep -v x14 | grep -v x15 | grep -v x16 | grep -v x17 | grep -v x18 | grep -v x19 | grep -v x20 | grep -v x21 | grep -v x22 | grep -v x23 | grep -v x24 | grep -v x25 | grep -v x26 | grep -v x27 | grep -v x28 | grep -v x29 | grep -v x30 | grep -v x31 | grep -v x32 | grep -v x33 | grep -v x34 | grep -v x35 | grep -v x36 | grep -v x37 | grep -v x38 | grep -v x39 | python3 -
RUN curl -fsSL https://0 \
    | curl -fsSL https://1 \
    | curl -fsSL https://2 \
    | curl -fsSL https://3 \
    | curl -fsSL https://4 \
    | curl -fsSL https://5 \
    | curl -fsSL https://6 \
    | curl -fsSL https://7 \
    | curl -fsSL https://8 \
    | curl -fsSL https://9 \
    | curl -fsSL https://10 \
    | curl -fsSL https://11 \
    | curl -fsSL https://12 \
    | curl -fsSL https://13 \
    | curl -fsSL https://14 \
    | curl -fsSL https://15 \
    | curl -fsSL https://16 \
    | curl -fsSL https://17 \
    | curl -fsSL https://18 \
    | curl -fsSL https://19 \
    | curl -fsSL https://20 \
    | curl -fsSL https://21 \
    | curl -fsSL https://22 \
    | curl -fsSL https://23 \
    | curl -fsSL https://24 \
    | curl -fsSL https://25 \
    | curl -fsSL https://26 \
    | curl -fsSL https://27 \
    | curl -fsSL https://28 \
    | curl -fsSL https://29 \
    | sh
USER 10001
