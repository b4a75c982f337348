FROM alpine
CMD ["a", "b\u00e9\n\t\"\\"]
CMD ["not", json]
CMD ['single', 'quotes']
ENTRYPOINT []
VOLUME ["/data"]
VOLUME /a /b
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN ["sh", "-c", "echo $HOME && id"]
COPY ["with space", "/dest/"]
CMD [1, 2]
