#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Build a container image from a small JSON spec, for vakt's image tests.

    tests/image/mkimage.py SPEC.json OUT

The spec names the output format and the images:

  {"format": "oci-layout" | "oci-archive" | "docker-archive" | "docker25" | "rootfs-dir"
             | "rootfs-tar",
   "images": [{"name": "vakt-test/app:1",
               "config": {"User": "0", "Env": [...], ...},   # the config's "config" object
               "layers": [{"created_by": "...", "compression": "gzip" | "none",
                           "empty_before": ["created_by", ...],  # history without a layer
                           "no_history": true,   # no history entry (buildah's COPY --link)
                           "entries": [ENTRY, ...]}],
               "platform": "linux/amd64"}],
   "corrupt": {"truncate_layer": N, "digest_layer": N}}

A spec with top-level "config" and "layers" is one image. An ENTRY is
{"path", "type": file|dir|symlink|hardlink|fifo, "mode": "0644", "uid",
 "content", "content_b64" (bytes, base64), "fill" (that many zero bytes), "link", "size"}; "size" without content writes a header that
claims that many bytes (and no data: a truncated or sparse-looking entry).
Placeholders in contents and env values ({GITHUB_TOKEN}, {AWS_KEY_ID},
{PRIVATE_KEY}, {SLACK_TOKEN}) are expanded here, so that the repository never
holds a literal secret. Output is reproducible (fixed mtimes, sorted keys).
"""
import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile

MTIME = 1700000000


def secrets():
    # Built from pieces so no scanner flags this file itself.
    alnum = "aB3dE6gH9jK2mN5pQ8sT1vW4yZ7cF0hJ"
    return {
        "GITHUB_TOKEN": "gh" + "p_" + (alnum + "xyzw")[:36],
        "AWS_KEY_ID": "AK" + "IA" + "QWERTYUIOPASDFGH",
        "SLACK_TOKEN": "xo" + "xb-" + "1234567890-abcdefghij",
        "NPM_TOKEN": "np" + "m_" + (alnum + "qrst")[:36],
        "AWS_SECRET": "wJalr" + "XUtnFEMI/K7MDENG/bPxRfiCY" + "zq8w2vLm4Q",
        "PRIVATE_KEY": "-----BEGIN OPENSSH " + "PRIVATE KEY-----\n"
        "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        "-----END OPENSSH " + "PRIVATE KEY-----\n",
    }


def expand(s):
    for k, v in secrets().items():
        s = s.replace("{" + k + "}", v)
    return s


def layer_tar(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for e in entries:
            ti = tarfile.TarInfo(e["path"])
            ti.mtime = MTIME
            ti.uid = e.get("uid", 0)
            ti.gid = e.get("gid", 0)
            t = e.get("type", "file")
            data = None
            if t == "dir":
                ti.type = tarfile.DIRTYPE
                ti.mode = int(e.get("mode", "0755"), 8)
            elif t == "symlink":
                ti.type = tarfile.SYMTYPE
                ti.linkname = e["link"]
                ti.mode = 0o777
            elif t == "hardlink":
                ti.type = tarfile.LNKTYPE
                ti.linkname = e["link"]
                ti.mode = int(e.get("mode", "0644"), 8)
            elif t == "fifo":
                ti.type = tarfile.FIFOTYPE
                ti.mode = int(e.get("mode", "0644"), 8)
            else:
                ti.mode = int(e.get("mode", "0644"), 8)
                if "size" in e and "content" not in e:
                    ti.size = e["size"]
                    tf.addfile(ti)  # header only: the claimed data is missing
                    continue
                if "content_b64" in e:
                    data = base64.b64decode(e["content_b64"])
                elif "fill" in e:
                    data = b"\0" * e["fill"]
                else:
                    data = expand(e.get("content", "")).encode()
                ti.size = len(data)
            tf.addfile(ti, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def compress(raw, how):
    if how == "gzip":
        return gzip.compress(raw, compresslevel=6, mtime=0)
    return raw


def sha(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def build_image(img, corrupt):
    """Blobs of one image: {digest: bytes}, and its manifest/config digests."""
    blobs = {}
    diff_ids, layers, history = [], [], []
    for i, l in enumerate(img.get("layers", [])):
        raw = layer_tar(l.get("entries", []))
        comp = l.get("compression", "gzip")
        blob = compress(raw, comp)
        if corrupt.get("truncate_layer") == i:
            blob = blob[: len(blob) // 2]
        d = sha(blob)
        if corrupt.get("digest_layer") == i:
            d = sha(blob + b"tampered")
        blobs[d] = blob
        diff_ids.append(sha(raw))
        mt = "application/vnd.oci.image.layer.v1.tar" + ("+gzip" if comp == "gzip" else "")
        if l.get("media_type"):
            mt = l["media_type"]
        layers.append({"mediaType": mt, "digest": d, "size": len(blob), "raw": raw})
        for h in l.get("empty_before", []):
            history.append({"created_by": h, "empty_layer": True})
        # buildah's COPY --link leaves its layer without a history entry
        if not l.get("no_history"):
            history.append({"created_by": expand(l.get("created_by", "layer %d" % (i + 1)))})
    plat = img.get("platform", "linux/amd64").split("/")
    cfg = {
        "architecture": plat[1],
        "os": plat[0],
        "created": "2024-01-02T03:04:05Z",
        "config": json.loads(expand(json.dumps(img.get("config", {})))),
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }
    if len(plat) > 2:
        cfg["variant"] = plat[2]
    cfg_b = json.dumps(cfg, sort_keys=True).encode()
    blobs[sha(cfg_b)] = cfg_b
    man = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": sha(cfg_b), "size": len(cfg_b)},
        "layers": [{k: v for k, v in l.items() if k != "raw"} for l in layers],
    }
    man_b = json.dumps(man, sort_keys=True).encode()
    blobs[sha(man_b)] = man_b
    return {"blobs": blobs, "manifest": sha(man_b), "manifest_size": len(man_b),
            "config": sha(cfg_b), "layers": layers, "platform": plat}


def write_files(files, out, as_tar):
    """files: {name: bytes}. A directory, or a tar of it."""
    if as_tar:
        with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tf:
            dirs = set()
            for name in sorted(files):
                parts = name.split("/")[:-1]
                for k in range(1, len(parts) + 1):
                    d = "/".join(parts[:k])
                    if d not in dirs:
                        dirs.add(d)
                        ti = tarfile.TarInfo(d)
                        ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, MTIME
                        tf.addfile(ti)
                data = files[name]
                if isinstance(data, tuple):  # ("symlink", target)
                    ti = tarfile.TarInfo(name)
                    ti.type, ti.linkname, ti.mtime = tarfile.SYMTYPE, data[1], MTIME
                    tf.addfile(ti)
                    continue
                ti = tarfile.TarInfo(name)
                ti.size, ti.mode, ti.mtime = len(data), 0o644, MTIME
                tf.addfile(ti, io.BytesIO(data))
        return
    if os.path.exists(out):
        shutil.rmtree(out)
    for name, data in files.items():
        p = os.path.join(out, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if isinstance(data, tuple):
            os.symlink(data[1], p)
        else:
            with open(p, "wb") as f:
                f.write(data)


def oci_files(built, names):
    files = {"oci-layout": json.dumps({"imageLayoutVersion": "1.0.0"}).encode()}
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": []}
    for b, name in zip(built, names):
        for d, data in b["blobs"].items():
            files["blobs/sha256/" + d[7:]] = data
        desc = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": b["manifest"], "size": b["manifest_size"],
                "platform": {"os": b["platform"][0], "architecture": b["platform"][1]}}
        if len(b["platform"]) > 2:
            desc["platform"]["variant"] = b["platform"][2]
        if name:
            desc["annotations"] = {"org.opencontainers.image.ref.name": name}
        index["manifests"].append(desc)
    files["index.json"] = json.dumps(index, sort_keys=True).encode()
    return files


def main():
    if sys.argv[1] == "--secret":
        sys.stdout.write(secrets()[sys.argv[2]])
        return
    spec = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    fmt = spec.get("format", "oci-layout")
    corrupt = spec.get("corrupt", {})
    images = spec.get("images") or [{"name": spec.get("name", "vakt-test/app:1"),
                                     "config": spec.get("config", {}),
                                     "layers": spec.get("layers", []),
                                     "platform": spec.get("platform", "linux/amd64")}]
    if fmt in ("rootfs-dir", "rootfs-tar"):
        entries = [e for l in images[0]["layers"] for e in l.get("entries", [])]
        if fmt == "rootfs-tar":
            with open(out, "wb") as f:
                f.write(layer_tar(entries))
            return
        if os.path.exists(out):
            shutil.rmtree(out)
        os.makedirs(out)
        for e in entries:
            p = os.path.join(out, e["path"])
            t = e.get("type", "file")
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if t == "dir":
                os.makedirs(p, exist_ok=True)
                os.chmod(p, int(e.get("mode", "0755"), 8))
            elif t == "symlink":
                os.symlink(e["link"], p)
            else:
                with open(p, "w") as f:
                    f.write(expand(e.get("content", "")))
                os.chmod(p, int(e.get("mode", "0644"), 8))
        return
    built = [build_image(i, corrupt) for i in images]
    if fmt in ("oci-layout", "oci-archive"):
        names = [i.get("name", "").rsplit(":", 1)[-1] if spec.get("tag_only") else i.get("name")
                 for i in images]
        files = oci_files(built, names)
        if spec.get("nested"):
            # A multi-platform image: index.json -> one nested index -> the manifests.
            inner = json.loads(files["index.json"])
            for m in inner["manifests"]:
                m.pop("annotations", None)
            inner_b = json.dumps(inner, sort_keys=True).encode()
            files["blobs/sha256/" + sha(inner_b)[7:]] = inner_b
            files["index.json"] = json.dumps({
                "schemaVersion": 2,
                "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json",
                               "digest": sha(inner_b), "size": len(inner_b),
                               "annotations": {"org.opencontainers.image.ref.name":
                                               spec.get("name", "multi")}}]},
                sort_keys=True).encode()
        write_files(files, out, fmt == "oci-archive")
    elif fmt == "docker25":
        files = oci_files(built, [i.get("name") for i in images])
        manifest = []
        for b, i in zip(built, images):
            manifest.append({"Config": "blobs/sha256/" + b["config"][7:],
                             "RepoTags": [i["name"]] if i.get("name") else [],
                             "Layers": ["blobs/sha256/" + l["digest"][7:] for l in b["layers"]]})
        files["manifest.json"] = json.dumps(manifest).encode()
        write_files(files, out, True)
    elif fmt == "docker-archive":
        # Legacy docker save: uncompressed <id>/layer.tar, <config hex>.json.
        files, manifest = {}, []
        for b, i in zip(built, images):
            cfg = b["blobs"][b["config"]]
            files[b["config"][7:] + ".json"] = cfg
            lnames = []
            for n, l in enumerate(b["layers"]):
                lid = hashlib.sha256((b["config"] + str(n)).encode()).hexdigest()
                raw = l["raw"]
                if corrupt.get("truncate_layer") == n:
                    raw = raw[: len(raw) // 2]
                if corrupt.get("digest_layer") == n:
                    raw = raw + b"\0" * 1024
                # podman/skopeo style: the tar named by its diff_id, linked from <id>/layer.tar
                files[hashlib.sha256(l["raw"]).hexdigest() + ".tar"] = raw
                files[lid + "/layer.tar"] = ("symlink", "../" + hashlib.sha256(l["raw"]).hexdigest() + ".tar")
                files[lid + "/VERSION"] = b"1.0"
                lnames.append(lid + "/layer.tar")
            manifest.append({"Config": b["config"][7:] + ".json",
                             "RepoTags": [i["name"]] if i.get("name") else [],
                             "Layers": lnames})
        files["manifest.json"] = json.dumps(manifest).encode()
        write_files(files, out, True)
    else:
        sys.exit("unknown format " + fmt)


if __name__ == "__main__":
    main()
