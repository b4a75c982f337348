# Switching back to root after a non-root USER is DF003, not DF002.
FROM alpine:3.20
USER app
USER root
CMD ["sh"]
