/* SPDX-License-Identifier: MIT */
#ifndef VAKT_KNOW_HOSTPATH_H
#define VAKT_KNOW_HOSTPATH_H

/*
 * Host paths a container must not be given: the container runtime's API
 * sockets, and the host directories whose contents control the machine.
 * One table and one normaliser for every domain that reads mounts
 * (Kubernetes hostPath volumes, compose volumes, docker run -v), so that
 * "//var/run/docker.sock", "/var/run/" and a 300-slash spelling of the same
 * path mean the same thing everywhere. No length cap: a path is judged
 * whatever its length.
 */

/*
 * path as the kernel resolves it lexically: repeated slashes and "." taken
 * out, ".." taking off the component before it (never above "/"), no
 * trailing slash. NULL when path is not absolute. The caller frees it.
 */
char *know_hostpath_normalize(const char *path);

/*
 * When path is a container runtime's API socket, or a directory that holds
 * one (a parent of a well-known socket path, or a runtime directory such as
 * /run/containerd), what it gives access to ("the container runtime's API
 * socket", "the directory holding ..."), and in *sock (when not NULL) the
 * well-known socket it exposes, or path's own name. NULL otherwise. Static
 * strings. Docker Desktop's named pipe (//./pipe/docker_engine) counts.
 */
const char *know_hostpath_socket(const char *path, const char **sock);

/*
 * The sensitive host directory path is or lies in ("/etc", "/var/lib/kubelet",
 * "/" only for the root itself, "/home" for /home and one user's home), or
 * NULL. Static.
 */
const char *know_hostpath_sensitive(const char *path);

#endif
