# Sticky /tmp-style modes, owner-only changes and unknown modes are fine.
FROM debian:12
RUN chmod 1777 /scratch && chmod a+rwxt /scratch2 && chmod 755 /app && chmod u+x /app/run
RUN chmod go-w /etc/app.conf && chmod -R u=rwX,go=rX /app && chmod "$MODE" /app
RUN mkdir -m 750 /data && chmod +x /app/run
USER 10001
