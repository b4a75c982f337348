/* SPDX-License-Identifier: MIT */
#ifndef VAKT_HOST_DOCKER_H
#define VAKT_HOST_DOCKER_H

/*
 * The container-engine probes: Docker (daemon.json, the dockerd command
 * line, docker.sock, the docker group, rootless set-ups), containerd,
 * podman, and the runc version. The rules of host-rules-docker.c judge
 * struct host_docker; every value keeps the place it was read (file and
 * line, or the process's command line) for the finding's evidence.
 *
 * Files read under the root: proc/PID/{comm,exe,cmdline,status,ns/pid,
 * ns/net} (every dockerd; PID 1's namespaces to tell a container's dockerd),
 * etc/docker/daemon.json (or --config-file; a rootless dockerd's
 * ~/.config/docker/daemon.json), etc/group, etc/passwd, the engine sockets
 * (run/docker.sock, var/run/docker.sock, run/user/UID/docker.sock,
 * run/containerd/containerd.sock, run/podman/podman.sock,
 * run/user/UID/podman/podman.sock, and the unix:// hosts of dockerd),
 * the systemd units docker.service and docker.socket (owner and mode),
 * docker.socket and its docker.socket.d drop-ins' ListenStream= (for a
 * dockerd taking -H fd://), rootless storage in home directories
 * (~/.local/share/containers/storage, ~/.local/share/docker),
 * etc/containerd/config.toml, var/lib/dpkg/status (runc, docker-ce,
 * docker.io, containerd.io). Live only: `runc --version` (2 s), recorded
 * under --root as .vakt-probe/runc-version.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "host.h"

/* Ceilings: dockerd processes kept, /proc entries looked at, a list setting's entries. */
#define HOST_DOCKER_MAX_DAEMONS 16
#define HOST_DOCKER_MAX_PROCS   65536
#define HOST_DOCKER_MAX_LIST    256
/* Largest daemon.json, /etc/group, /etc/passwd or dpkg status read. */
#define HOST_DOCKER_MAX_CONFIG (1024 * 1024)
#define HOST_DOCKER_MAX_DPKG   (64 * 1024 * 1024)

/* Where a daemon setting was given. */
enum host_docker_from {
	HOST_FROM_DEFAULT = 0, /* neither: dockerd's default applies */
	HOST_FROM_FILE,        /* daemon.json */
	HOST_FROM_FLAG,        /* the dockerd command line */
	HOST_FROM_UNIT,        /* docker.socket's ListenStream= (for -H fd://) */
};

/* One value of a daemon setting and its evidence. */
struct host_docker_value {
	enum host_docker_from from;
	bool b;       /* a boolean setting's value */
	char *s;      /* owned; a string setting's value or a list entry (NULL for booleans) */
	char *source; /* owned; "/etc/docker/daemon.json", "/proc/812/cmdline"; NULL: default */
	int line;     /* line of source (daemon.json), 0 for a flag */
};

/* The boolean and string settings vakt reads (index of host_docker_daemon.set). */
enum host_docker_key {
	HOST_DK_ICC,
	HOST_DK_LIVE_RESTORE,
	HOST_DK_USERLAND_PROXY,
	HOST_DK_NO_NEW_PRIVILEGES,
	HOST_DK_IPTABLES,
	HOST_DK_TLS,
	HOST_DK_TLSVERIFY,
	HOST_DK_DEBUG,
	HOST_DK_USERNS_REMAP, /* string */
	HOST_DK_LOG_LEVEL,    /* string */
	HOST_DK_COUNT,
};

/* The list settings (index of host_docker_daemon.list). */
enum host_docker_list {
	HOST_DL_HOSTS,
	HOST_DL_INSECURE_REGISTRIES,
	HOST_DL_REGISTRY_MIRRORS,
	HOST_DL_AUTHZ_PLUGINS,
	HOST_DL_COUNT,
};

struct host_docker_values {
	struct host_docker_value *v; /* owned */
	size_t n, cap;
};

/* What became of a configuration file. */
enum host_file_state {
	HOST_FILE_ABSENT = 0,
	HOST_FILE_READ,
	HOST_FILE_UNREADABLE, /* exists (or may), could not be read: settings unknown */
	HOST_FILE_MALFORMED,  /* read, not a JSON object: dockerd would refuse it */
};

/*
 * One Docker daemon: a running dockerd (its command line merged with its
 * configuration file, as dockerd merges them), or, when none runs but
 * Docker is installed, /etc/docker/daemon.json alone.
 */
struct host_docker_daemon {
	int pid;           /* 0: not running */
	long uid;          /* real uid of the process; -1 unknown or not running */
	bool rootless;     /* runs under a non-root uid (rootlesskit) */
	bool in_container; /* a rootful dockerd in another pid namespace (Docker-in-Docker) */
	bool other_netns;  /* in another network namespace than PID 1: its TCP ports too */
	char *cmdline;     /* owned; "/proc/PID/cmdline", NULL when not running */
	char *config;      /* owned; the configuration file as the user knows it */
	enum host_file_state config_state;
	int config_line, config_column; /* where daemon.json failed to parse */
	char *config_error;             /* owned; jansson's message, when malformed */
	struct host_docker_value set[HOST_DK_COUNT];
	struct host_docker_values list[HOST_DL_COUNT];
	struct vakt_strv file_keys; /* owned; every top-level key of the file */
	struct vakt_strv conflicts; /* owned; settings given both as a flag and in the file */
	bool swarm;                 /* var/lib/docker/swarm says this node is in a swarm */
};

enum host_engine {
	HOST_ENGINE_DOCKER,
	HOST_ENGINE_CONTAINERD,
	HOST_ENGINE_PODMAN,
};

/* An engine's API socket that exists and is a socket (S_ISSOCK). */
struct host_engine_socket {
	enum host_engine engine;
	char *path;    /* owned; "/run/docker.sock" */
	bool rootless; /* under /run/user/UID: one user's engine */
	uid_t uid;     /* owner */
	gid_t gid;     /* group */
	mode_t mode;   /* permission bits (07777) */
	char *group;   /* owned; the group's name from /etc/group, else its number */
	struct vakt_strv group_members; /* owned; that group's members (and primary members) */
	bool parent_closed;             /* its directory is not searchable by others */
};

/* A configuration or unit file of an engine, as stat() saw it. */
struct host_engine_file {
	char *path; /* owned; "/etc/docker/daemon.json" */
	uid_t uid;
	gid_t gid;
	mode_t mode;
};

/* A version of a component and its evidence. */
struct host_component {
	char *package;         /* owned; dpkg package name, NULL when from a command */
	char *package_version; /* owned; dpkg's version ("1.1.5+ds1-1+deb12u1") */
	char *version;         /* owned; the upstream version ("1.1.5", "1.0.0-rc93") */
	bool distro;           /* a distribution's build: fixes may be backported */
	char *source;          /* owned; "/var/lib/dpkg/status", "runc --version" */
	int line;              /* line of source holding the version */
};

struct host_docker {
	bool docker_installed; /* a dockerd runs, or its binary or daemon.json exists */
	struct host_docker_daemon *daemons; /* owned; n_daemons entries */
	size_t n_daemons, cap_daemons;
	struct host_engine_socket *sockets; /* owned */
	size_t n_sockets, cap_sockets;
	struct host_engine_file *files; /* owned */
	size_t n_files, cap_files;
	/* The docker group of /etc/group (present: it exists). */
	bool docker_group;
	gid_t docker_gid;
	int docker_group_line;
	struct vakt_strv docker_members; /* owned; members and users whose primary group it is */
	bool containerd_config;          /* etc/containerd/config.toml exists */
	struct vakt_strv rootless_users; /* owned; "uid 1000 (docker)", "uid 1000 (podman)" */
	struct host_component runc, docker_engine, containerd;
};

/* Probe everything of struct host_docker under r into d (zeroed by the caller). */
void host_docker_collect(const struct host_root *r, struct host_docker *d,
                         struct host_observations *obs, struct vakt_error_list *warnings);
void host_docker_release(struct host_docker *d);

/* --- shared by the probes' files (host-docker-*.c) ----------------------- */

/*
 * Read one daemon's configuration file rel (under r; shown as path) into
 * dd (settings from the file), recording observations and, when it does
 * not parse, a warning with its line and column.
 */
void host_docker_read_config(const struct host_root *r, const char *rel,
                             struct host_docker_daemon *dd, struct host_observations *obs,
                             struct vakt_error_list *warnings);
/*
 * Merge the dockerd command line args (argc entries; argv[0] the program)
 * into dd, whose file settings are already read: a flag wins, and a flag
 * also set in the file is noted in dd->conflicts (dockerd refuses to start).
 */
void host_docker_apply_flags(struct host_docker_daemon *dd, const char *const *args, size_t argc);
/* The line (1-based) of top-level key in the JSON text, 0 when not found. */
int host_json_key_line(const char *text, const char *key);
/* The line of element idx of the array at top-level key, 0 when not found. */
int host_json_elem_line(const char *text, const char *key, size_t idx);

/* Upstream versions as runc and Docker number them ("1.0.0-rc93", "1.4.0-rc.1"). */
struct host_version {
	long major, minor, patch;
	long rc; /* release candidate number when pre */
	bool pre;
};
/*
 * Parse the upstream version at the start of s, after an epoch ("5:");
 * "~rc" (Debian's spelling) as "-rc"; what follows it (+ds1, -1+deb12u1)
 * is ignored. Returns 0, or -EINVAL when s does not start with a version.
 */
int host_version_parse(const char *s, struct host_version *v);
/* <0, 0, >0 as a is older, the same, newer than b. */
int host_version_cmp(const struct host_version *a, const struct host_version *b);

/* The runc and engine packages (host-docker-runc.c). */
void host_docker_collect_versions(const struct host_root *r, struct host_docker *d,
                                  struct host_observations *obs, struct vakt_error_list *warnings);
void host_docker_release_versions(struct host_docker *d);

/* Users and groups of etc/passwd and etc/group (host-docker-accounts.c). */
struct host_account {
	char *name;               /* owned */
	long id;                  /* uid or gid */
	long gid;                 /* a user's primary group; -1 for a group */
	char *home;               /* owned; a user's home directory (NULL for a group) */
	struct vakt_strv members; /* owned; a group's listed members */
	int line;                 /* line in its file */
};
struct host_accounts {
	struct host_account *users, *groups; /* owned */
	size_t n_users, n_groups, cap_users, cap_groups;
};
/* Read etc/passwd and etc/group (either may be absent or unreadable: observed). */
void host_accounts_read(const struct host_root *r, struct host_accounts *a,
                        struct host_observations *obs);
void host_accounts_release(struct host_accounts *a);
const struct host_account *host_accounts_user(const struct host_accounts *a, long uid);
const struct host_account *host_accounts_group(const struct host_accounts *a, long gid);
const struct host_account *host_accounts_group_named(const struct host_accounts *a,
                                                     const char *name);
/* The group's listed members and the users whose primary group it is, into out. */
void host_accounts_members(const struct host_accounts *a, const struct host_account *g,
                           struct vakt_strv *out);

/*
 * The listeners docker.socket opens for each running rootful dockerd that
 * takes -H fd://, added to its hosts (host-docker-unit.c).
 */
void host_docker_socket_units(const struct host_root *r, struct host_docker *d,
                              struct host_observations *obs);

/* The sockets, groups and files (host-docker-socket.c); extra: unix:// hosts of dockerd. */
void host_docker_collect_sockets(const struct host_root *r, const struct host_accounts *acc,
                                 struct host_docker *d, struct host_observations *obs);

#endif
