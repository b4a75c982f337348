# expect: DF003:6
FROM debian:bookworm-slim
RUN useradd -u 10001 app
USER app
RUN echo hi
USER root
RUN apt-get update
CMD ["app"]
