#!/usr/bin/env bash
# Start-up stays cheap: the vakt binary does not link the libraries only
# `vakt image` and `vakt db` need (src/core/dl.h loads them on first use), and `vakt
# image` still finds them. Timing is for make bench (bench/startup.sh).
set -u
: "${VAKT:?}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
libs=$(ldd "$VAKT" 2>/dev/null | awk '{print $1}')
for l in libarchive libcrypto libisal libsqlite3 libxml2 libicuuc libcurl libmicrohttpd libgnutls; do
	if grep -q "^$l\.so" <<<"$libs"; then
		nok "vakt links $l, which only vakt image and vakt db need: load it through src/core/dl.h"
	else
		ok "vakt does not link $l"
	fi
done
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# An empty tar is refused by the image code itself, after libarchive loaded.
tar -cf "$t/empty.tar" -T /dev/null
out=$("$VAKT" image "$t/empty.tar" 2>&1)
if grep -q "cannot load" <<<"$out"; then
	nok "vakt image loads its libraries: $out"
else
	ok "vakt image loads its libraries on first use"
fi
# vakt db update loads libcurl (and libarchive) when it downloads: a file:// URL
# to nothing fails in curl, not in the loader.
out=$("$VAKT" db update --db "$t/v.db" --url "file://$t/none" -e X 2>&1)
if grep -q "cannot load" <<<"$out" || ! grep -q "cannot download" <<<"$out"; then
	nok "vakt db update loads libcurl: $out"
else
	ok "vakt db update loads libcurl on first use"
fi
# vakt serve loads libmicrohttpd and GnuTLS before it reads the certificate.
out=$("$VAKT" serve --no-config --no-watch --tls-cert "$t/none.crt" --tls-key "$t/none.key" 2>&1)
if grep -q "cannot load" <<<"$out" || ! grep -q "none.crt: cannot open" <<<"$out"; then
	nok "vakt serve loads libmicrohttpd and GnuTLS: $out"
else
	ok "vakt serve loads libmicrohttpd and GnuTLS on first use"
fi
echo "1..$n"
