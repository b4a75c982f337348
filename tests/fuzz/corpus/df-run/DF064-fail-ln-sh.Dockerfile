# Relinking /bin/sh.
# expect: DF064:4
FROM debian:12
RUN ln -sf /bin/bash /bin/sh
USER 10001
