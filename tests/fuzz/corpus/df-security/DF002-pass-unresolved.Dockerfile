# The value comes from --build-arg only: vakt cannot tell, so it says nothing.
FROM alpine:3.20
ARG RUN_AS
USER $RUN_AS
CMD ["sh"]
