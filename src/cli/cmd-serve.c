/* SPDX-License-Identifier: MIT */
/*
 * vakt serve: the validating admission webhook (src/serve/serve.h). This
 * file reads the command line and the configuration; the server logs for
 * itself (JSON lines on standard error).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kube/kube-pss.h"
#include "serve/serve-remove.h"
#include "serve/serve-watch.h"
#include "serve/serve.h"

enum {
	OPT_TLS_CERT = 256,
	OPT_TLS_KEY,
	OPT_LISTEN,
	OPT_PSS,
	OPT_MODE,
	OPT_HARDENED,
	OPT_WARN_SEVERITY,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_EXEMPT_NS,
	OPT_EXEMPT_USER,
	OPT_EXEMPT_RC,
	OPT_KUBE_API,
	OPT_KUBE_TOKEN,
	OPT_KUBE_CA,
	OPT_NO_WATCH,
	OPT_BODY_LIMIT,
	OPT_TIMEOUT,
	OPT_DRAIN,
	OPT_THREADS,
	OPT_MAX_CONNECTIONS,
	OPT_LOG_LEVEL,
	OPT_PORT_FILE,
	OPT_REMOVE_WEBHOOK,
};

const struct cli_option cmd_serve_options[] = {
    {"tls-cert", 0, "FILE", "the server's certificate chain (PEM); reloaded when it changes",
     OPT_TLS_CERT},
    {"tls-key", 0, "FILE", "its private key (PEM, unencrypted); reloaded when it changes",
     OPT_TLS_KEY},
    {"listen", 0, "ADDR:PORT", "where to listen (default :8443, every address)", OPT_LISTEN},
    {"pss", 0, "LEVEL[:VERSION]",
     "Pod Security Standards level of namespaces without a pod-security.kubernetes.io/enforce "
     "label (default: pss: of .vakt.yaml, else baseline)",
     OPT_PSS},
    {"mode", 0, "MODE",
     "deny (default): refuse what fails; warn: allow, with the findings as warnings; audit: "
     "allow, findings only in audit annotations and the log",
     OPT_MODE},
    {"hardened", 0, "SEVERITY",
     "hardened-profile findings at or above SEVERITY refuse too (default critical; none: "
     "never)",
     OPT_HARDENED},
    {"warn-severity", 0, "SEVERITY",
     "findings that do not refuse are warnings from SEVERITY up (default medium)",
     OPT_WARN_SEVERITY},
    {"config", 'c', "FILE", "read the configuration from FILE instead of finding .vakt.yaml",
     OPT_CONFIG},
    {"no-config", 0, NULL, "do not look for .vakt.yaml", OPT_NO_CONFIG},
    {"exempt-namespace", 0, "NS", "allow everything in namespace NS unjudged (repeatable)",
     OPT_EXEMPT_NS},
    {"exempt-user", 0, "NAME", "allow requests of user NAME unjudged (repeatable)",
     OPT_EXEMPT_USER},
    {"exempt-runtime-class", 0, "NAME", "allow pods of runtimeClassName NAME unjudged (repeatable)",
     OPT_EXEMPT_RC},
    {"kube-api", 0, "URL",
     "learn namespaces' labels by watching this API server (default in a pod: the cluster's)",
     OPT_KUBE_API},
    {"kube-token-file", 0, "FILE",
     "bearer token for the API server (default: the service account's)", OPT_KUBE_TOKEN},
    {"kube-ca", 0, "FILE", "CA bundle of the API server (default: the service account's)",
     OPT_KUBE_CA},
    {"no-watch", 0, NULL, "never watch namespaces (labels come from Namespace requests only)",
     OPT_NO_WATCH},
    {"body-limit", 0, "BYTES", "largest request body (default 3M; K and M suffixes)",
     OPT_BODY_LIMIT},
    {"timeout", 0, "SECONDS", "close connections idle or slow for SECONDS (default 10)",
     OPT_TIMEOUT},
    {"drain", 0, "SECONDS", "on SIGTERM, wait at most SECONDS for requests in flight (default 25)",
     OPT_DRAIN},
    {"threads", 0, "N", "worker threads (default: one per CPU)", OPT_THREADS},
    {"max-connections", 0, "N", "most connections at once (default 1024)", OPT_MAX_CONNECTIONS},
    {"log-level", 0, "LEVEL", "debug, info (default), warn or error", OPT_LOG_LEVEL},
    {"port-file", 0, "FILE", "write the port listened on to FILE once listening", OPT_PORT_FILE},
    {"remove-webhook", 0, "NAME",
     "do not serve: delete the ValidatingWebhookConfiguration NAME through the API server "
     "(--kube-api, --kube-token-file, --kube-ca) and exit (the chart's pre-delete hook)",
     OPT_REMOVE_WEBHOOK},
    {NULL, 0, NULL, NULL, 0},
};

struct serve_args {
	struct serve_opts o;
	const char *config;
	bool no_config;
	bool no_watch;
	const char *kube_api;
	const char *remove_webhook;
	unsigned long long seen; /* bit id - OPT_TLS_CERT of every option given */
};

/* A positive number with an optional K or M suffix, at most max. */
static int parse_size(const char *opt, const char *arg, size_t max, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(arg, &end, 10);

	if (end != arg && (*end == 'K' || *end == 'k') && end[1] == '\0')
		v *= 1024;
	else if (end != arg && *end == 'M' && end[1] == '\0')
		v *= 1024 * 1024;
	else if (end == arg || *end)
		v = 0;
	if (errno || v == 0 || v > max || arg[0] == '-') {
		cli_error("invalid --%s '%s': expected a number from 1 to %zu", opt, arg, max);
		return CLI_EXIT_USAGE;
	}
	*out = (size_t)v;
	return 0;
}

static int parse_uint(const char *opt, const char *arg, unsigned min, unsigned max, unsigned *out)
{
	long v;

	if (vakt_parse_long(arg, (long)min, (long)max, &v) < 0) {
		cli_error("invalid --%s '%s': expected a number from %u to %u", opt, arg, min, max);
		return CLI_EXIT_USAGE;
	}
	*out = (unsigned)v;
	return 0;
}

static int parse_severity(const char *opt, const char *arg, bool allow_none, bool *none,
                          enum vakt_severity *out)
{
	if (allow_none && strcmp(arg, "none") == 0) {
		*none = true;
		return 0;
	}
	if (vakt_severity_parse(arg, out) < 0) {
		cli_error("invalid --%s '%s': expected info, low, medium, high or critical%s", opt,
		          arg, allow_none ? " (or none)" : "");
		return CLI_EXIT_USAGE;
	}
	if (none)
		*none = false;
	return 0;
}

static int check_pss(const char *what, const char *arg)
{
	struct kube_pss_policy pol;
	struct vakt_error *perr = NULL;

	if (kube_pss_parse(arg, &pol, &perr) < 0) {
		cli_error("invalid %s '%s': %s", what, arg, perr ? perr->msg : "unknown policy");
		vakt_error_free(perr);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int serve_on_opt(int id, const char *arg, void *data)
{
	struct serve_args *a = data;
	struct serve_opts *o = &a->o;

	if (id >= OPT_TLS_CERT && id - OPT_TLS_CERT < 64)
		a->seen |= 1ull << (id - OPT_TLS_CERT);
	switch (id) {
	case OPT_TLS_CERT:
		o->tls_cert = arg;
		break;
	case OPT_TLS_KEY:
		o->tls_key = arg;
		break;
	case OPT_LISTEN:
		o->listen = arg;
		break;
	case OPT_PSS:
		if (check_pss("--pss", arg))
			return CLI_EXIT_USAGE;
		o->pss = arg;
		break;
	case OPT_MODE:
		if (strcmp(arg, "deny") == 0)
			o->mode = SERVE_MODE_DENY;
		else if (strcmp(arg, "warn") == 0)
			o->mode = SERVE_MODE_WARN;
		else if (strcmp(arg, "audit") == 0)
			o->mode = SERVE_MODE_AUDIT;
		else {
			cli_error("invalid --mode '%s': expected deny, warn or audit", arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_HARDENED:
		return parse_severity("hardened", arg, true, &o->hardened_off, &o->hardened);
	case OPT_WARN_SEVERITY:
		return parse_severity("warn-severity", arg, false, NULL, &o->warn_min);
	case OPT_CONFIG:
		a->config = arg;
		break;
	case OPT_NO_CONFIG:
		a->no_config = true;
		break;
	case OPT_EXEMPT_NS:
		vakt_strv_push(&o->exempt_namespaces, arg);
		break;
	case OPT_EXEMPT_USER:
		vakt_strv_push(&o->exempt_users, arg);
		break;
	case OPT_EXEMPT_RC:
		vakt_strv_push(&o->exempt_runtime_classes, arg);
		break;
	case OPT_KUBE_API:
		a->kube_api = arg;
		break;
	case OPT_KUBE_TOKEN:
		o->watch_token_file = arg;
		break;
	case OPT_KUBE_CA:
		o->watch_ca_file = arg;
		break;
	case OPT_NO_WATCH:
		a->no_watch = true;
		break;
	case OPT_BODY_LIMIT:
		return parse_size("body-limit", arg, 64u * 1024 * 1024, &o->body_limit);
	case OPT_TIMEOUT:
		return parse_uint("timeout", arg, 1, 3600, &o->timeout);
	case OPT_DRAIN:
		return parse_uint("drain", arg, 1, 3600, &o->drain);
	case OPT_THREADS:
		return parse_uint("threads", arg, 1, 256, &o->threads);
	case OPT_MAX_CONNECTIONS:
		return parse_uint("max-connections", arg, 1, 100000, &o->connections);
	case OPT_LOG_LEVEL:
		if (serve_log_parse_level(arg, &o->log.min) < 0) {
			cli_error("invalid --log-level '%s': expected debug, info, warn or error",
			          arg);
			return CLI_EXIT_USAGE;
		}
		break;
	case OPT_PORT_FILE:
		o->port_file = arg;
		break;
	case OPT_REMOVE_WEBHOOK:
		if (!serve_remove_name_valid(arg)) {
			cli_error("invalid --remove-webhook '%s': expected the name of a "
			          "ValidatingWebhookConfiguration (lower-case letters, digits, '-' "
			          "and '.')",
			          arg);
			return CLI_EXIT_USAGE;
		}
		a->remove_webhook = arg;
		break;
	}
	return 0;
}

/* The options --remove-webhook goes with. */
#define BIT(id) (1ull << ((id)-OPT_TLS_CERT))
static const unsigned long long remove_options = BIT(OPT_REMOVE_WEBHOOK) | BIT(OPT_KUBE_API) |
                                                 BIT(OPT_KUBE_TOKEN) | BIT(OPT_KUBE_CA) |
                                                 BIT(OPT_LOG_LEVEL);

/* vakt serve --remove-webhook NAME: one DELETE (retried), then exit. */
static int remove_webhook(const struct serve_args *a)
{
	struct serve_remove_opts ro = {.api = a->kube_api,
	                               .token_file = a->o.watch_token_file,
	                               .ca_file = a->o.watch_ca_file,
	                               .log = &a->o.log};
	enum serve_remove_result res;
	struct vakt_error *err = NULL;
	char *in_cluster = NULL;

	for (const struct cli_option *opt = cmd_serve_options; opt->name; opt++) {
		if ((a->seen & BIT(opt->id)) && !(remove_options & BIT(opt->id))) {
			cli_error(
			    "--remove-webhook takes no --%s (only --kube-api, --kube-token-file, "
			    "--kube-ca and --log-level)",
			    opt->name);
			return CLI_EXIT_USAGE;
		}
	}
	if (!a->kube_api && !(in_cluster = serve_watch_in_cluster_url())) {
		cli_error("--remove-webhook needs an API server: --kube-api URL, or run in a pod "
		          "(KUBERNETES_SERVICE_HOST and _PORT are unset)");
		return CLI_EXIT_USAGE;
	}
	free(in_cluster);
	if (serve_remove_webhook(&ro, a->remove_webhook, &res, &err) < 0) {
		char *msg = vakt_error_format(err);
		cli_error("%s", msg);
		free(msg);
		vakt_error_free(err);
		return CLI_EXIT_ENVIRONMENT;
	}
	if (res == SERVE_REMOVE_DELETED)
		printf("validatingwebhookconfiguration \"%s\" deleted\n", a->remove_webhook);
	else
		printf("validatingwebhookconfiguration \"%s\" not found: nothing to delete\n",
		       a->remove_webhook);
	return CLI_EXIT_OK;
}

int cmd_serve(const struct cli_command *cmd, int argc, char **argv)
{
	struct serve_args a = {0};
	struct vakt_config *config = NULL;
	struct vakt_error *err = NULL;
	char *in_cluster = NULL;
	int first, r;

	serve_opts_init(&a.o, NULL);
	r = cli_parse(cmd, argc, argv, serve_on_opt, &a, &first);
	if (r) {
		r = r < 0 ? CLI_EXIT_OK : r;
		goto out;
	}
	if (first < argc) {
		cli_error("vakt serve takes no operands");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	if (a.remove_webhook) {
		r = remove_webhook(&a);
		goto out;
	}
	if (!a.o.tls_cert || !a.o.tls_key) {
		cli_error("vakt serve needs --tls-cert FILE and --tls-key FILE (the API server "
		          "calls admission webhooks over HTTPS only)");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	r = cli_load_config(a.config, a.no_config, ".", &config);
	if (r)
		goto out;
	a.o.config = config;
	if (!a.o.pss && (r = cli_pss_from_config(config, &a.o.pss)) != 0)
		goto out;
	if (!a.no_watch) {
		in_cluster = a.kube_api ? NULL : serve_watch_in_cluster_url();
		a.o.watch_api = a.kube_api ? a.kube_api : in_cluster;
	}
	if (serve_run(&a.o, &err) < 0) {
		char *msg = vakt_error_format(err);
		cli_error("%s", msg);
		free(msg);
		vakt_error_free(err);
		r = CLI_EXIT_ENVIRONMENT;
		goto out;
	}
	r = CLI_EXIT_OK;
out:
	free(in_cluster);
	serve_opts_release(&a.o);
	vakt_config_free(config);
	return r;
}
