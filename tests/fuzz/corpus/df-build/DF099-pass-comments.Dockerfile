FROM debian:12-slim
RUN apt-get update \
    # a whole-line comment is removed by Docker \
    && apt-get install -y curl \
    && echo "not # a comment" \
    && echo '#' x${#HOME} $# \
    && rm -rf /var/lib/apt/lists/* # the last line may end in a comment
RUN echo one # a comment on a single line
RUN ["sh", "-c", "echo # literal \\", "x"]
