/* SPDX-License-Identifier: MIT */
/* The server's certificate and key, reloaded when their files change. */
#include "serve-tls.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/source.h"
#include "core/util.h"
#include "serve-dl.h"

/* Pairs kept allocated after they were replaced (handshakes may still use one). */
#define MAX_GENERATIONS 64

struct tls_pair {
	gnutls_pcert_st chain[SERVE_TLS_MAX_CHAIN];
	unsigned n_chain;
	gnutls_privkey_t key;
};

struct file_id {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

static struct {
	pthread_mutex_t lock;
	char *cert_file, *key_file;
	struct file_id cert_id, key_id;
	struct tls_pair *current;
	struct tls_pair *old[MAX_GENERATIONS];
	size_t n_old;
} tls = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void pair_free(struct tls_pair *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < p->n_chain; i++)
		gnutls_pcert_deinit(&p->chain[i]);
	if (p->key)
		gnutls_privkey_deinit(p->key);
	free(p);
}

static int file_id_of(const char *path, struct file_id *id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	id->size = st.st_size;
	id->mtime = st.st_mtim;
	return 0;
}

static bool file_id_eq(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Files are read with the source reader (bounded; errors name the file). */
static int pair_load(const char *cert_file, const char *key_file, struct tls_pair **out,
                     struct vakt_error **err)
{
	struct vakt_source *cert = NULL, *key = NULL;
	struct tls_pair *p = vakt_xcalloc(1, sizeof(*p));
	int rc;

	if ((rc = vakt_source_read(cert_file, SERVE_TLS_MAX_FILE, &cert, err)) < 0 ||
	    (rc = vakt_source_read(key_file, SERVE_TLS_MAX_FILE, &key, err)) < 0)
		goto out;
	gnutls_datum_t d = {(unsigned char *)cert->data, (unsigned)cert->len};
	p->n_chain = SERVE_TLS_MAX_CHAIN;
	int g = gnutls_pcert_list_import_x509_raw(p->chain, &p->n_chain, &d, GNUTLS_X509_FMT_PEM,
	                                          GNUTLS_X509_CRT_LIST_FAIL_IF_UNSORTED);
	if (g < 0) {
		p->n_chain = 0;
		rc = vakt_error_set_at(err, -EINVAL, cert_file, 0, 0,
		                       "not a PEM certificate chain (%s); expected the server's "
		                       "certificate first, then its issuers, at most %d",
		                       gnutls_strerror(g), SERVE_TLS_MAX_CHAIN);
		goto out;
	}
	if ((g = gnutls_privkey_init(&p->key)) < 0) {
		p->key = NULL;
		rc = vakt_error_set(err, -ENOMEM, "GnuTLS: %s", gnutls_strerror(g));
		goto out;
	}
	gnutls_datum_t k = {(unsigned char *)key->data, (unsigned)key->len};
	if ((g = gnutls_privkey_import_x509_raw(p->key, &k, GNUTLS_X509_FMT_PEM, NULL, 0)) < 0) {
		rc = vakt_error_set_at(err, -EINVAL, key_file, 0, 0,
		                       "not an unencrypted PEM private key (%s)",
		                       gnutls_strerror(g));
		goto out;
	}
	*out = p;
	p = NULL;
	rc = 0;
out:
	if (key && key->data)
		memset(key->data, 0, key->len); /* the key's text is not left in freed memory */
	vakt_source_free(key);
	vakt_source_free(cert);
	pair_free(p);
	return rc;
}

/* Make p current; the previous one is kept for sessions that may hold it. Under the lock. */
static void install(struct tls_pair *p)
{
	if (tls.current) {
		if (tls.n_old == MAX_GENERATIONS) {
			pair_free(tls.old[0]);
			memmove(&tls.old[0], &tls.old[1],
			        (MAX_GENERATIONS - 1) * sizeof(tls.old[0]));
			tls.n_old--;
		}
		tls.old[tls.n_old++] = tls.current;
	}
	tls.current = p;
}

int serve_tls_load(const char *cert_file, const char *key_file, struct vakt_error **err)
{
	struct tls_pair *p = NULL;
	struct file_id cid = {0}, kid = {0};

	/* Identities first: a change while reading is seen at the next check. */
	file_id_of(cert_file, &cid);
	file_id_of(key_file, &kid);
	int rc = pair_load(cert_file, key_file, &p, err);
	if (rc < 0)
		return rc;
	pthread_mutex_lock(&tls.lock);
	free(tls.cert_file);
	free(tls.key_file);
	tls.cert_file = vakt_xstrdup(cert_file);
	tls.key_file = vakt_xstrdup(key_file);
	tls.cert_id = cid;
	tls.key_id = kid;
	install(p);
	pthread_mutex_unlock(&tls.lock);
	return 0;
}

int serve_tls_reload_if_changed(struct vakt_error **err)
{
	struct file_id cid = {0}, kid = {0};
	struct tls_pair *p = NULL;
	char *cert_file = NULL, *key_file = NULL;

	pthread_mutex_lock(&tls.lock);
	if (tls.cert_file && tls.key_file) {
		cert_file = vakt_xstrdup(tls.cert_file);
		key_file = vakt_xstrdup(tls.key_file);
	}
	pthread_mutex_unlock(&tls.lock);
	if (!cert_file || !key_file) {
		free(cert_file);
		free(key_file);
		return 0;
	}
	int rc = 0;
	/* Missing files are the middle of a replacement: wait for the next check. */
	if (file_id_of(cert_file, &cid) < 0 || file_id_of(key_file, &kid) < 0)
		goto out;
	pthread_mutex_lock(&tls.lock);
	bool same = file_id_eq(&cid, &tls.cert_id) && file_id_eq(&kid, &tls.key_id);
	pthread_mutex_unlock(&tls.lock);
	if (same)
		goto out;
	rc = pair_load(cert_file, key_file, &p, err);
	pthread_mutex_lock(&tls.lock);
	/* Remember the identities either way: a broken pair is reported once, not every check. */
	tls.cert_id = cid;
	tls.key_id = kid;
	if (rc == 0) {
		install(p);
		rc = 1;
	}
	pthread_mutex_unlock(&tls.lock);
out:
	free(cert_file);
	free(key_file);
	return rc;
}

int serve_tls_retrieve(gnutls_session_t session, const gnutls_datum_t *req_ca_dn, int n_req,
                       const gnutls_pk_algorithm_t *algos, int n_algos, gnutls_pcert_st **pcert,
                       unsigned int *pcert_length, gnutls_privkey_t *key)
{
	(void)session;
	(void)req_ca_dn;
	(void)n_req;
	(void)algos;
	(void)n_algos;
	pthread_mutex_lock(&tls.lock);
	struct tls_pair *p = tls.current;
	if (p) {
		*pcert = p->chain;
		*pcert_length = p->n_chain;
		*key = p->key;
	}
	pthread_mutex_unlock(&tls.lock);
	return p ? 0 : -1;
}

void serve_tls_release(void)
{
	pthread_mutex_lock(&tls.lock);
	for (size_t i = 0; i < tls.n_old; i++)
		pair_free(tls.old[i]);
	tls.n_old = 0;
	pair_free(tls.current);
	tls.current = NULL;
	free(tls.cert_file);
	free(tls.key_file);
	tls.cert_file = tls.key_file = NULL;
	pthread_mutex_unlock(&tls.lock);
}
