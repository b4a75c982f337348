# A left side that cannot fail hides nothing: echo, printf, a group of echos,
# cat of a here-string or here-document, true, yes.
FROM debian:12
RUN set -eux; \
	wget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; \
	echo "$REDIS_DOWNLOAD_SHA *redis.tar.gz" | sha256sum -c -; \
	printf '%s\n' "$sha  go.tgz" | sha256sum -c -
RUN { echo '[mysql]'; echo 'enabled=1'; } | tee /etc/yum.repos.d/mysql.repo
RUN cat <<< "$SHA  file" | sha256sum -c - && yes | apt-get install -y x
RUN cat <<EOF | sh
echo hi
EOF
RUN echo "$(uname -m)" | tr -d '\n' > /arch
USER 10001
