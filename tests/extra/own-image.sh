#!/usr/bin/env bash
# vakt's own image (docs/container.md): `make image` builds it without an
# engine from the plain binary; vakt finds nothing above info in it and
# nothing in the Dockerfile; its configuration is the Dockerfile's final
# stage; the binary in it runs, loads its dlopen'ed libraries (libarchive,
# SQLite, libcurl) from the image and nothing from the host; and
# scripts/image-build.sh refuses a final stage it cannot apply. TAP out.
#
# Under the sanitizer run, the image is still made from the plain binary (an
# ASan binary cannot run in the image: it is refused), and $VAKT, the
# sanitized one, does the scanning.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${VAKT:=$root/build/vakt}" "${BUILD:=$root/build}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { # description, then a command that must succeed
	local d=$1
	shift
	if "$@"; then ok "$d"; else nok "$d"; fi
}
finish() {
	echo "1..$n"
	exit 0
}
show() { sed 's/^/# /' "$@" | head -n 30; }

for t in umoci skopeo tar python3 readelf; do
	if ! command -v "$t" >/dev/null 2>&1; then
		skip "own image" "$t is not installed (scripts/deps.sh installs it)"
		finish
	fi
done
plain_build=$BUILD
if readelf -Ws "$VAKT" | grep -q __asan_init; then
	plain_build=${BUILD%/asan}
fi
if [ ! -x "$plain_build/vakt" ] || readelf -Ws "$plain_build/vakt" | grep -q __asan_init; then
	skip "own image" "no plain build of vakt at '$plain_build/vakt' to put in the image"
	finish
fi

out=$BUILD/own-image
rm -rf "$out"
mkdir -p "$out"
archive=$out/vakt-image.tar
# A make of its own, not a sub-make of `make check`.
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$root" BUILD="$plain_build" \
	IMAGE_ARCHIVE="$archive" image >"$out/make.log" 2>&1 && [ -s "$archive" ]; then
	ok "make image writes a docker-archive"
else
	nok "make image failed"
	show "$out/make.log"
	finish
fi

# 1. vakt finds nothing above info in the image, nor anything in the Dockerfile.
"$VAKT" image --no-progress --fail-on low "$archive" >"$out/image.txt" 2>"$out/image.err"
rc=$?
if [ $rc -eq 0 ] && grep -q '0 critical, 0 high, 0 medium, 0 low' "$out/image.txt"; then
	ok "vakt image: no finding above info in the image"
else
	nok "vakt image exited $rc or found more than info"
	show "$out/image.txt" "$out/image.err"
fi
"$VAKT" scan --no-config "$root/Dockerfile" >"$out/scan.txt" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^no findings, 1 suppressed' "$out/scan.txt"; then
	ok "vakt scan Dockerfile: no findings"
else
	nok "vakt scan Dockerfile exited $rc or found something"
	show "$out/scan.txt"
fi
# The one suppression is DF055 (unpinned Debian packages in the build stage)
# and hides nothing else.
"$VAKT" scan --no-config --no-inline-ignores --format gnu "$root/Dockerfile" >"$out/strict.txt" 2>&1
if [ "$(grep -c . "$out/strict.txt")" -eq 1 ] && grep -q 'DF055' "$out/strict.txt"; then
	ok "the Dockerfile's only suppressed finding is DF055"
else
	nok "strict scan of the Dockerfile finds more than DF055"
	show "$out/strict.txt"
fi

# 2. The image's configuration is the Dockerfile's final stage: compared with
#    what the Dockerfile says, read here independently of image-build.sh.
skopeo inspect --config --raw "docker-archive:$archive" >"$out/config.json" 2>"$out/skopeo.err"
if python3 - "$root/Dockerfile" "$out/config.json" >"$out/config.txt" 2>&1 <<'EOF'; then
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
final = lines[max(i for i, l in enumerate(lines) if l.upper().startswith("FROM ")):]
want = {"Labels": {}}
for l in final:
    word, _, rest = l.partition(" ")
    if word == "USER":
        want["User"] = rest
    elif word in ("ENTRYPOINT", "CMD"):
        want[word.capitalize() if word == "CMD" else "Entrypoint"] = json.loads(rest)
    elif word == "LABEL":
        k, _, v = rest.partition("=")
        want["Labels"][k] = json.loads(v).replace("${VERSION}", "@VERSION@")
    elif word == "HEALTHCHECK":
        want["Healthcheck"] = {"Test": [rest]}
cfg = json.load(open(sys.argv[2]))["config"]
version = cfg.get("Labels", {}).get("org.opencontainers.image.version", "")
want["Labels"] = {k: v.replace("@VERSION@", version) for k, v in want["Labels"].items()}
bad = 0
for k in ("User", "Entrypoint", "Cmd", "Labels", "Healthcheck"):
    if cfg.get(k) != want.get(k):
        print(f"{k}: image has {cfg.get(k)!r}, the Dockerfile says {want.get(k)!r}")
        bad = 1
if not re.fullmatch(r"[1-9][0-9]*:[1-9][0-9]*", cfg.get("User", "")):
    print(f"User {cfg.get('User')!r} is not a numeric non-root UID:GID")
    bad = 1
if not version or version == "${VERSION}":
    print(f"version label {version!r}")
    bad = 1
sys.exit(bad)
EOF
	ok "image configuration (User, Entrypoint, Cmd, Labels, Healthcheck) is the Dockerfile's"
else
	nok "image configuration differs from the Dockerfile's final stage"
	show "$out/config.txt" "$out/skopeo.err"
fi
user=$(sed -n 's/^USER \([0-9]*\):.*/\1/p' "$root/Dockerfile")

# 3. Unpack the archive as a runtime would and look at the files.
rootless=()
[ "$(id -u)" -eq 0 ] || rootless=(--rootless)
if skopeo copy --quiet "docker-archive:$archive" "oci:$out/oci:vakt" >"$out/unpack.log" 2>&1 &&
	umoci unpack "${rootless[@]}" --image "$out/oci:vakt" "$out/bundle" >>"$out/unpack.log" 2>&1; then
	ok "the archive unpacks (skopeo, umoci)"
else
	nok "the archive does not unpack"
	show "$out/unpack.log"
	finish
fi
rfs=$out/bundle/rootfs
check "etc/passwd names USER $user with its home" \
	grep -q "^[a-z]*:x:$user:$user:[^:]*:/home/[a-z]*:" "$rfs/etc/passwd"
home=$(awk -F: -v u="$user" '$3 == u { print $6 }' "$rfs/etc/passwd")
# Owners as the layer records them (umoci --rootless maps them to the caller).
owners() { # docker-archive, path in the layer
	python3 - "$1" "$2" <<'EOF'
import json, sys, tarfile
with tarfile.open(sys.argv[1]) as a:
    layers = json.load(a.extractfile("manifest.json"))[0]["Layers"]
    for name in layers:
        with tarfile.open(fileobj=a.extractfile(name)) as t:
            for m in t:
                if m.name.strip("./") == sys.argv[2].strip("/"):
                    print(f"{m.uid}:{m.gid} {m.mode:o}")
EOF
}
check "the home of $user belongs to it in the layer" \
	test "$(owners "$archive" "$home")" = "$user:$user 700"
check "everything else belongs to root in the layer" \
	test "$(owners "$archive" /usr/bin/vakt) $(owners "$archive" /tmp)" = "0:0 755 0:0 1777"
check "the CA bundle is in the image" test -s "$rfs/etc/ssl/certs/ca-certificates.crt"
shells=$(find "$rfs" \( -name sh -o -name bash -o -name dash -o -name busybox \) -print)
others=$(find "$rfs/usr/bin" -type f ! -name vakt -print)
check "no shell and no other program in the image" test -z "$shells$others"

# 4. The binary runs in the image's tree, with its libraries only: chrooted
#    as the image's user when root, else through the image's own loader.
interp=$(readelf -l "$rfs/usr/bin/vakt" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
libdir=$(dirname "$(find "$rfs/usr/lib" -name 'libc.so.6' | head -n 1)")
mkdir -p "$rfs$home/osv"
cp "$root"/tests/vuln/images/osv/debian/*.json "$rfs$home/osv/"
tar -C "$rfs" -cf "$rfs$home/etc.tar" etc/os-release
if [ "$(id -u)" -eq 0 ] && command -v chroot >/dev/null 2>&1; then
	chown -R "$user:$user" "$rfs$home"
	how="chroot, as $user"
	inimage() { env -i HOME="$home" "$(command -v chroot)" --userspec="$user:$user" "$rfs" "$@"; }
	at() { echo "$1"; }
else
	how="the image's loader, as $(id -u)"
	inimage() {
		local b=$1
		shift
		env -i HOME="$rfs$home" "$rfs$interp" --library-path "$libdir" "$rfs$b" "$@"
	}
	at() { echo "$rfs$1"; }
fi
if inimage /usr/bin/vakt version >"$out/run.txt" 2>&1 && grep -q '^vakt ' "$out/run.txt"; then
	ok "vakt version runs in the image ($how)"
else
	nok "vakt version does not run in the image ($how)"
	show "$out/run.txt"
fi
# libarchive: an image tar.
if inimage /usr/bin/vakt image --list-packages "$(at "$home/etc.tar")" >"$out/run.txt" 2>&1 &&
	grep -q 'Debian GNU/Linux' "$out/run.txt"; then
	ok "vakt image reads a tar in the image (libarchive loads)"
else
	nok "vakt image does not read a tar in the image"
	show "$out/run.txt"
fi
# SQLite: import OSV records into a database in the home.
if inimage /usr/bin/vakt db import --db "$(at "$home/vuln.db")" "$(at "$home/osv")" \
	>"$out/run.txt" 2>&1 && test -s "$rfs$home/vuln.db"; then
	ok "vakt db import writes a database in the image (SQLite loads)"
else
	nok "vakt db import fails in the image"
	show "$out/run.txt"
fi
# libcurl: a download from a closed local port fails at the connection, not
# at loading the library.
inimage /usr/bin/vakt db update --db "$(at "$home/vuln.db")" --ecosystem Debian \
	--url https://127.0.0.1:9 >"$out/run.txt" 2>&1
if grep -qi "connect" "$out/run.txt" && ! grep -qi "libcurl" "$out/run.txt"; then
	ok "vakt db update reaches libcurl in the image"
else
	nok "vakt db update does not load libcurl in the image"
	show "$out/run.txt"
fi
# libmicrohttpd and GnuTLS: vakt serve loads them before it reads the certificate.
inimage /usr/bin/vakt serve --no-config --no-watch --tls-cert /nonexistent.crt \
	--tls-key /nonexistent.key >"$out/run.txt" 2>&1
if grep -q "nonexistent.crt: cannot open" "$out/run.txt" && ! grep -qi "libmicrohttpd\|libgnutls" "$out/run.txt"; then
	ok "vakt serve loads libmicrohttpd and GnuTLS in the image"
else
	nok "vakt serve does not load its libraries in the image"
	show "$out/run.txt"
fi
# vakt serve runs in the image as the image's user, with no capability: a
# throwaway certificate, a free port on 127.0.0.1, /healthz over TLS.
if command -v openssl >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$rfs$home/tls.key" -out "$rfs$home/tls.crt" >/dev/null 2>&1
	[ "$(id -u)" -eq 0 ] && chown "$user:$user" "$rfs$home/tls.key" "$rfs$home/tls.crt"
	rm -f "$rfs$home/port"
	inimage /usr/bin/vakt serve --no-config --no-watch --listen 127.0.0.1:0 \
		--port-file "$(at "$home/port")" --tls-cert "$(at "$home/tls.crt")" \
		--tls-key "$(at "$home/tls.key")" >"$out/serve.txt" 2>&1 &
	serve_pid=$!
	for _ in $(seq 100); do [ -s "$rfs$home/port" ] && break; sleep 0.1; done
	if [ -s "$rfs$home/port" ] && curl -sf --cacert "$rfs$home/tls.crt" \
		"https://127.0.0.1:$(cat "$rfs$home/port")/healthz" >"$out/run.txt" 2>&1; then
		ok "vakt serve answers over TLS in the image ($how)"
	else
		nok "vakt serve does not serve in the image ($how)"
		show "$out/serve.txt"
	fi
	kill -TERM "$serve_pid" 2>/dev/null
	wait "$serve_pid" 2>/dev/null
else
	skip "vakt serve in the image" "openssl or curl is not installed"
fi
if inimage /usr/bin/vakt image --list-packages "$(at /)" >"$out/run.txt" 2>&1 &&
	grep -q '^libc6 ' "$out/run.txt"; then
	ok "the image records the Debian packages it ships (status.d)"
else
	nok "vakt in the image lists no packages of its own root"
	show "$out/run.txt"
fi

# 5. A final stage image-build.sh cannot apply is refused, never half applied.
refuse() { # description, sed expression applied to the Dockerfile, expected error
	local d=$1 e=$2 msg=$3
	sed "$e" "$root/Dockerfile" >"$out/Dockerfile.bad"
	if "$root/scripts/image-build.sh" "$plain_build/image/rootfs" "$out/Dockerfile.bad" \
		"docker-archive:$out/bad.tar" 0 >"$out/bad.log" 2>&1; then
		nok "$d: accepted"
	elif grep -q "$msg" "$out/bad.log" && [ ! -e "$out/bad.tar" ]; then
		ok "$d: refused"
	else
		nok "$d: unexpected error"
		show "$out/bad.log"
	fi
}
refuse "USER root" 's/^USER .*/USER 0:0/' "not a numeric non-root"
refuse "USER by name" 's/^USER .*/USER nonroot/' "not a numeric non-root"
refuse "no USER" '/^USER /d' "sets no USER"
# shellcheck disable=SC2016 # a sed address, not a variable
refuse "a RUN in the final stage" '$a RUN ["/usr/bin/vakt", "version"]' "does not apply"
refuse "shell-form ENTRYPOINT" 's|^ENTRYPOINT .*|ENTRYPOINT /usr/bin/vakt|' "not an exec-form"
refuse "a base other than scratch" 's/^FROM scratch/FROM debian:bookworm-slim/' "not scratch"
# The unpacked copies are 90 MB; the archive stays for a look.
rm -rf "$out/bundle" "$out/oci"
finish
