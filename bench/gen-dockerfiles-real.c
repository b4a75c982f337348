/* SPDX-License-Identifier: MIT */
/*
 * A second Dockerfile corpus for `make bench`, written from how Dockerfiles
 * are found in the wild rather than from vakt's rules:
 *   gen-dockerfiles-real DIR COUNT
 * Each file follows one of the shapes official images and application
 * repositories use (docker-library's set -eux blocks with gosu and checksum
 * verification, Alpine's virtual build dependencies, the Node, Python, Go,
 * Java, Ruby, PHP, .NET and Rust application files of tutorials and
 * starters, an Ubuntu "toolbox" with SSH, a BuildKit file with cache mounts
 * and heredocs), with the habits that come with them: unpinned tags,
 * `apt-get install` without cleanup, `curl | bash`, secrets in ENV and ARG,
 * no USER, ADD of URLs, chmod 777. Files go to DIR/NNNN/<app>/Dockerfile (or
 * Dockerfile.prod, build.Dockerfile ...), 100 per directory. Same seed,
 * same corpus.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_SEED 0x2545f4914f6cdd1dull
#include "gen-rand.h"

static const char *const debian_bases[] = {
    "debian:bookworm-slim", "debian:bullseye-slim", "debian:12",    "debian",
    "ubuntu:22.04",         "ubuntu:latest",        "ubuntu:20.04", "buildpack-deps:bookworm"};
static const char *const node_tags[] = {"node:18",      "node:20-alpine", "node:lts",
                                        "node:16-slim", "node:latest",    "node:20-bookworm-slim",
                                        "node"};
static const char *const python_tags[] = {"python:3.11-slim", "python:3.9",
                                          "python:3",         "python:3.12-alpine",
                                          "python:latest",    "python:3.10-slim-bullseye"};
static const char *const apt_tools[] = {"curl",
                                        "wget",
                                        "git",
                                        "vim",
                                        "nano",
                                        "unzip",
                                        "gnupg",
                                        "ca-certificates",
                                        "netcat",
                                        "procps",
                                        "iputils-ping",
                                        "dnsutils",
                                        "openssl",
                                        "libpq-dev",
                                        "gcc",
                                        "g++",
                                        "make",
                                        "build-essential",
                                        "sudo",
                                        "ssh",
                                        "net-tools",
                                        "htop",
                                        "jq",
                                        "locales",
                                        "tzdata",
                                        "python3-dev",
                                        "libssl-dev",
                                        "zlib1g-dev",
                                        "postgresql-client",
                                        "default-mysql-client"};
static const char *const pip_pkgs[] = {"flask",   "django",   "gunicorn", "requests",  "numpy",
                                       "pandas",  "psycopg2", "celery",   "redis",     "uvicorn",
                                       "fastapi", "boto3",    "pyyaml",   "sqlalchemy"};
static const char *const apps[] = {"api",   "web",     "worker",  "frontend",
                                   "auth",  "billing", "gateway", "scheduler",
                                   "admin", "search",  "notify",  "ml"};
static const char *const secrets[] = {
    "ENV DATABASE_URL=postgres://admin:s3cr3tPassw0rd@db:5432/app",
    "ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
    "ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "ENV SECRET_KEY=django-insecure-8f#k2l!x0q9z",
    "ARG NPM_TOKEN=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    "ENV API_KEY 1234567890abcdef",
    "ENV MYSQL_ROOT_PASSWORD=root",
    "ENV GITHUB_TOKEN=ghp_1234567890abcdefghijklmnopqrstuvwxyzAB",
    "ENV JWT_SECRET=changeme",
    "ENV REDIS_PASSWORD=redis123",
};

static unsigned ver(unsigned lo, unsigned hi)
{
	return lo + rnd(hi - lo + 1);
}

/* 64 hex digits, a SHA-256 as release pages print them. */
static void put_sha256(FILE *f)
{
	for (int i = 0; i < 64; i++)
		fputc("0123456789abcdef"[rnd(16)], f);
}

/* app in capitals, as official images name their variables (REDIS_VERSION). */
static const char *upper(const char *app)
{
	static char buf[32];
	size_t i;

	for (i = 0; app[i] && i + 1 < sizeof(buf); i++)
		buf[i] = (char)(app[i] >= 'a' && app[i] <= 'z' ? app[i] - 'a' + 'A' : app[i]);
	buf[i] = '\0';
	return buf;
}

static void apt_list(FILE *f, int n, const char *sep)
{
	for (int i = 0; i < n; i++)
		fprintf(f, "%s%s", sep, PICK(apt_tools));
}

/* Things application Dockerfiles pick up on the way: two and n more at random. */
static void habits(FILE *f, int n)
{
	for (int i = 0; i < n + 2; i++) {
		switch (rnd(12)) {
		case 0:
			fprintf(f, "%s\n", PICK(secrets));
			break;
		case 1:
			fputs("RUN curl -sL https://deb.nodesource.com/setup_18.x | bash -\n", f);
			break;
		case 2:
			fprintf(f,
			        "ADD https://github.com/example/tool/releases/download/v%u.%u.%u/"
			        "tool-linux-amd64.tar.gz /tmp/\n",
			        ver(0, 3), ver(0, 20), ver(0, 9));
			break;
		case 3:
			fputs("RUN chmod -R 777 /app\n", f);
			break;
		case 4:
			fputs("RUN apt-get update && apt-get upgrade -y\n", f);
			break;
		case 5:
			fputs("USER root\n", f);
			break;
		case 6:
			fputs("RUN wget -qO- https://get.docker.com | sh\n", f);
			break;
		case 7:
			fprintf(f, "EXPOSE 22 %u\n", 8000 + rnd(100));
			break;
		case 8:
			fputs("RUN echo 'root:password' | chpasswd\n", f);
			break;
		case 9:
			fputs(
			    "HEALTHCHECK CMD curl --fail http://localhost:8080/health || exit 1\n",
			    f);
			break;
		case 10:
			fputs("LABEL maintainer=\"devops@example.com\" version=\"1.0\"\n", f);
			break;
		default:
			fputs("RUN pip install --upgrade pip\n", f);
			break;
		}
	}
}

/* docker-library: a server built from source, gosu, set -eux blocks. */
static void official_debian(FILE *f, const char *app)
{
	fprintf(f, "FROM %s\n\n", PICK(debian_bases));
	fputs("# explicitly set user/group IDs\n", f);
	fprintf(f,
	        "RUN set -eux; \\\n\tgroupadd -r %s --gid=999; \\\n"
	        "\tuseradd -r -g %s --uid=999 --home-dir=/var/lib/%s --shell=/bin/bash %s; \\\n"
	        "\tmkdir -p /var/lib/%s; \\\n\tchown -R %s:%s /var/lib/%s\n\n",
	        app, app, app, app, app, app, app, app);
	fputs("# grab gosu for easy step-down from root\n", f);
	fprintf(f, "ENV GOSU_VERSION 1.%u\n", ver(12, 17));
	fputs("RUN set -eux; \\\n"
	      "\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n"
	      "\tapt-get update; \\\n"
	      "\tapt-get install -y --no-install-recommends ca-certificates gnupg wget; \\\n"
	      "\trm -rf /var/lib/apt/lists/*; \\\n"
	      "\tdpkgArch=\"$(dpkg --print-architecture | awk -F- '{ print $NF }')\"; \\\n"
	      "\twget -O /usr/local/bin/gosu "
	      "\"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/gosu-$dpkgArch\"; "
	      "\\\n"
	      "\twget -O /usr/local/bin/gosu.asc "
	      "\"https://github.com/tianon/gosu/releases/download/$GOSU_VERSION/"
	      "gosu-$dpkgArch.asc\"; "
	      "\\\n"
	      "\texport GNUPGHOME=\"$(mktemp -d)\"; \\\n"
	      "\tgpg --batch --keyserver hkps://keys.openpgp.org --recv-keys "
	      "B42F6819007F00F88E364FD4036A9C25BF357DD4; \\\n"
	      "\tgpg --batch --verify /usr/local/bin/gosu.asc /usr/local/bin/gosu; \\\n"
	      "\tgpgconf --kill all; \\\n"
	      "\trm -rf \"$GNUPGHOME\" /usr/local/bin/gosu.asc; \\\n"
	      "\tapt-mark auto '.*' > /dev/null; \\\n"
	      "\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; \\\n"
	      "\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\\n"
	      "\tchmod +x /usr/local/bin/gosu; \\\n"
	      "\tgosu --version; \\\n"
	      "\tgosu nobody true\n\n",
	      f);
	fprintf(f, "ENV %s_VERSION %u.%u.%u\n", upper(app), ver(1, 9), ver(0, 30), ver(0, 12));
	fprintf(f, "ENV %s_DOWNLOAD_URL http://download.example.org/releases/", upper(app));
	fprintf(f, "%s-$%s_VERSION.tar.gz\n", app, upper(app));
	fprintf(f, "ENV %s_DOWNLOAD_SHA ", upper(app));
	put_sha256(f);
	fputc('\n', f);
	fprintf(f,
	        "\nRUN set -eux; \\\n\t\\\n\tsavedAptMark=\"$(apt-mark showmanual)\"; \\\n"
	        "\tapt-get update; \\\n\tapt-get install -y --no-install-recommends \\\n"
	        "\t\tca-certificates \\\n\t\twget \\\n\t\tdpkg-dev \\\n\t\tgcc \\\n"
	        "\t\tlibc6-dev \\\n\t\tlibssl-dev \\\n\t\tmake \\\n\t; \\\n\trm -rf "
	        "/var/lib/apt/lists/*; \\\n\t\\\n"
	        "\twget -O %s.tar.gz \"$%s_DOWNLOAD_URL\"; \\\n"
	        "\techo \"$%s_DOWNLOAD_SHA *%s.tar.gz\" | sha256sum -c -; \\\n"
	        "\tmkdir -p /usr/src/%s; \\\n"
	        "\ttar -xzf %s.tar.gz -C /usr/src/%s --strip-components=1; \\\n"
	        "\trm %s.tar.gz; \\\n\t\\\n"
	        "\tgnuArch=\"$(dpkg-architecture --query DEB_BUILD_GNU_TYPE)\"; \\\n"
	        "\tmake -C /usr/src/%s -j \"$(nproc)\" all; \\\n"
	        "\tmake -C /usr/src/%s install; \\\n\t\\\n"
	        "\trm -r /usr/src/%s; \\\n\t\\\n"
	        "\tapt-mark auto '.*' > /dev/null; \\\n"
	        "\t[ -z \"$savedAptMark\" ] || apt-mark manual $savedAptMark > /dev/null; \\\n"
	        "\tfind /usr/local -type f -executable -exec ldd '{}' ';' \\\n"
	        "\t\t| awk '/=>/ { so = $(NF-1); if (index(so, \"/usr/local/\") == 1) { next }; "
	        "gsub(\"^/(usr/)?\", \"\", so); printf \"*%%s\\n\", so }' \\\n"
	        "\t\t| sort -u \\\n\t\t| xargs -r dpkg-query --search \\\n"
	        "\t\t| cut -d: -f1 \\\n\t\t| sort -u \\\n\t\t| xargs -r apt-mark manual \\\n"
	        "\t; \\\n"
	        "\tapt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; "
	        "\\\n\t\\\n\t%s-server --version\n\n",
	        app, upper(app), upper(app), app, app, app, app, app, app, app, app, app);
	fprintf(f, "RUN mkdir /data && chown %s:%s /data\nVOLUME /data\nWORKDIR /data\n\n", app,
	        app);
	fputs("COPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\n",
	      f);
	fprintf(f, "\nEXPOSE %u\nCMD [\"%s-server\"]\n", 5000 + rnd(4000), app);
}

/* docker-library on Alpine: virtual build dependencies, su-exec. */
static void official_alpine(FILE *f, const char *app)
{
	fprintf(f, "FROM alpine:3.%u\n\n", ver(15, 19));
	fprintf(f, "RUN addgroup -S -g 1000 %s && adduser -S -G %s -u 999 %s\n", app, app, app);
	fputs("RUN apk add --no-cache \\\n\t\t'su-exec>=0.2' \\\n\t\tbash \\\n\t\ttzdata\n\n", f);
	fprintf(f, "ENV %s_VERSION %u.%u.%u\n", upper(app), ver(1, 5), ver(0, 20), ver(0, 9));
	fprintf(f,
	        "RUN set -eux; \\\n\tapk add --no-cache --virtual .build-deps \\\n"
	        "\t\tcoreutils \\\n\t\tgcc \\\n\t\tlinux-headers \\\n\t\tmake \\\n"
	        "\t\tmusl-dev \\\n\t\topenssl-dev \\\n\t; \\\n"
	        "\twget -O %s.tar.gz \"https://download.example.org/%s-$%s_VERSION.tar.gz\"; \\\n"
	        "\tmkdir -p /usr/src/%s; \\\n"
	        "\ttar -xzf %s.tar.gz -C /usr/src/%s --strip-components=1; \\\n"
	        "\trm %s.tar.gz; \\\n"
	        "\tmake -C /usr/src/%s -j \"$(nproc)\"; \\\n"
	        "\tmake -C /usr/src/%s install; \\\n"
	        "\trm -r /usr/src/%s; \\\n"
	        "\trunDeps=\"$( \\\n\t\tscanelf --needed --nobanner --format '%%n#p' --recursive "
	        "/usr/local \\\n\t\t\t| tr ',' '\\n' \\\n\t\t\t| sort -u \\\n"
	        "\t\t\t| awk 'system(\"[ -e /usr/local/lib/\" $1 \" ]\") == 0 { next } "
	        "{ print \"so:\" $1 }' \\\n\t)\"; \\\n"
	        "\tapk add --no-network --virtual .%s-rundeps $runDeps; \\\n"
	        "\tapk del --no-network .build-deps\n\n",
	        app, app, upper(app), app, app, app, app, app, app, app, app);
	fputs("COPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT [\"docker-entrypoint.sh\"]\n",
	      f);
	fprintf(f, "EXPOSE %u\nCMD [\"%s\"]\n", 3000 + rnd(5000), app);
}

static void node_app(FILE *f, const char *app)
{
	const char *tag = PICK(node_tags);

	if (rnd(3) == 0) {
		fprintf(f, "FROM %s AS build\nWORKDIR /app\nCOPY package*.json ./\n", tag);
		fputs(rnd(2) ? "RUN npm ci\n" : "RUN npm install\n", f);
		fputs("COPY . .\nRUN npm run build\n\n", f);
		fprintf(f, "FROM nginx:%s\n", rnd(2) ? "alpine" : "latest");
		fputs("COPY --from=build /app/dist /usr/share/nginx/html\n", f);
		fputs("COPY nginx.conf /etc/nginx/conf.d/default.conf\n", f);
		habits(f, (int)rnd(3));
		fputs("EXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", f);
		return;
	}
	fprintf(f, "FROM %s\n\n", tag);
	fputs("# Create app directory\nWORKDIR /usr/src/app\n\n", f);
	if (rnd(2))
		fputs("RUN apt-get update && apt-get install -y python3 make g++\n", f);
	if (rnd(3) == 0)
		fputs("RUN npm install -g pm2 nodemon\n", f);
	fputs("# Install app dependencies\nCOPY package*.json ./\n\n", f);
	switch (rnd(4)) {
	case 0:
		fputs("RUN npm install\n", f);
		break;
	case 1:
		fputs("RUN npm ci --only=production\n", f);
		break;
	case 2:
		fputs("ARG NPM_TOKEN\nRUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > "
		      ".npmrc && \\\n    npm install && \\\n    rm -f .npmrc\n",
		      f);
		break;
	default:
		fputs("RUN yarn install --frozen-lockfile\n", f);
		break;
	}
	fputs("\n# Bundle app source\nCOPY . .\n\n", f);
	if (rnd(2))
		fputs("ENV NODE_ENV=production\n", f);
	habits(f, 1 + (int)rnd(4));
	if (rnd(3) == 0)
		fputs("USER node\n", f);
	fprintf(f, "EXPOSE %u\n", 3000 + rnd(10) * 10);
	if (rnd(2))
		fputs("CMD [ \"node\", \"server.js\" ]\n", f);
	else
		fprintf(f, "CMD npm start -- --name %s\n", app);
}

static void python_app(FILE *f, const char *app)
{
	int n = 1 + (int)rnd(4);

	fprintf(f, "FROM %s\n\n", PICK(python_tags));
	fputs("ENV PYTHONDONTWRITEBYTECODE 1\nENV PYTHONUNBUFFERED 1\n\n", f);
	fprintf(f, "WORKDIR /%s\n\n", rnd(2) ? "code" : "app");
	if (rnd(3)) {
		fputs("RUN apt-get update && apt-get install -y", f);
		apt_list(f, n, " ");
		fputs(rnd(2) ? "\n" : " && rm -rf /var/lib/apt/lists/*\n", f);
	}
	fputs("COPY requirements.txt .\n", f);
	if (rnd(2))
		fputs("RUN pip install --upgrade pip && pip install -r requirements.txt\n", f);
	else
		fputs("RUN pip install --no-cache-dir -r requirements.txt\n", f);
	if (rnd(2)) {
		fputs("RUN pip install", f);
		for (int i = 0; i < n; i++)
			fprintf(f, " %s", PICK(pip_pkgs));
		fputc('\n', f);
	}
	fputs("COPY . .\n\n", f);
	habits(f, 1 + (int)rnd(4));
	if (rnd(4) == 0)
		fputs("RUN useradd -m appuser\nUSER appuser\n", f);
	fprintf(f, "EXPOSE %u\n", rnd(2) ? 8000 : 5000);
	switch (rnd(3)) {
	case 0:
		fprintf(
		    f,
		    "CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"%s.wsgi:application\"]\n",
		    app);
		break;
	case 1:
		fputs("CMD python manage.py runserver 0.0.0.0:8000\n", f);
		break;
	default:
		fputs("CMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", "
		      "\"8000\"]\n",
		      f);
		break;
	}
}

static void go_app(FILE *f, const char *app)
{
	fprintf(f, "FROM golang:1.%u%s AS builder\n\n", ver(18, 22), rnd(2) ? "-alpine" : "");
	if (rnd(2))
		fputs("RUN apk add --no-cache git\n", f);
	fputs("WORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\nCOPY . .\n", f);
	fprintf(f,
	        "RUN CGO_ENABLED=0 GOOS=linux go build -a -installsuffix cgo -o /bin/%s "
	        "./cmd/%s\n\n",
	        app, app);
	switch (rnd(3)) {
	case 0:
		fputs("FROM alpine:latest\nRUN apk --no-cache add ca-certificates\n", f);
		break;
	case 1:
		fputs("FROM scratch\nCOPY --from=builder /etc/ssl/certs/ca-certificates.crt "
		      "/etc/ssl/certs/\n",
		      f);
		break;
	default:
		fputs("FROM gcr.io/distroless/static-debian12\n", f);
		break;
	}
	fputs("WORKDIR /root/\n", f);
	fprintf(f, "COPY --from=builder /bin/%s .\n", app);
	habits(f, (int)rnd(3));
	fprintf(f, "EXPOSE %u\nENTRYPOINT [\"./%s\"]\n", 8080 + rnd(10), app);
}

static void java_app(FILE *f, const char *app)
{
	if (rnd(2)) {
		fprintf(f, "FROM maven:3.%u-openjdk-%u AS build\n", ver(6, 9), rnd(2) ? 11 : 17);
		fputs("COPY src /home/app/src\nCOPY pom.xml /home/app\n"
		      "RUN mvn -f /home/app/pom.xml clean package -DskipTests\n\n",
		      f);
		fprintf(f, "FROM openjdk:%u-jdk-slim\n", rnd(2) ? 11 : 17);
		fprintf(f,
		        "COPY --from=build /home/app/target/%s-0.0.1-SNAPSHOT.jar /usr/local/lib/"
		        "%s.jar\n",
		        app, app);
		habits(f, (int)rnd(4));
		fprintf(f,
		        "EXPOSE 8080\nENTRYPOINT [\"java\",\"-jar\",\"/usr/local/lib/%s.jar\"]\n",
		        app);
		return;
	}
	fprintf(f, "FROM eclipse-temurin:%u-jre\n", rnd(2) ? 17 : 21);
	fputs("VOLUME /tmp\nARG JAR_FILE=target/*.jar\nCOPY ${JAR_FILE} app.jar\n", f);
	habits(f, 1 + (int)rnd(3));
	fputs("ENTRYPOINT [\"java\", \"-Djava.security.egd=file:/dev/./urandom\", \"-jar\", "
	      "\"/app.jar\"]\n",
	      f);
}

static void ruby_app(FILE *f, const char *app)
{
	fprintf(f, "FROM ruby:3.%u\n", ver(0, 3));
	fputs("RUN apt-get update -qq && apt-get install -y nodejs postgresql-client yarn\n", f);
	fprintf(f, "WORKDIR /%s\n", app);
	fprintf(f, "COPY Gemfile /%s/Gemfile\nCOPY Gemfile.lock /%s/Gemfile.lock\n", app, app);
	fputs("RUN bundle install\n", f);
	fprintf(f, "COPY . /%s\n\n", app);
	fputs("# Add a script to be executed every time the container starts.\n"
	      "COPY entrypoint.sh /usr/bin/\nRUN chmod +x /usr/bin/entrypoint.sh\n"
	      "ENTRYPOINT [\"entrypoint.sh\"]\n",
	      f);
	habits(f, (int)rnd(4));
	fputs("EXPOSE 3000\n\n# Configure the main process to run when running the image\n"
	      "CMD [\"rails\", \"server\", \"-b\", \"0.0.0.0\"]\n",
	      f);
}

static void php_app(FILE *f, const char *app)
{
	(void)app;
	fprintf(f, "FROM php:8.%u-apache\n", ver(0, 3));
	fputs("RUN apt-get update && apt-get install -y \\\n        libfreetype6-dev \\\n"
	      "        libjpeg62-turbo-dev \\\n        libpng-dev \\\n        libzip-dev \\\n"
	      "    && docker-php-ext-configure gd --with-freetype --with-jpeg \\\n"
	      "    && docker-php-ext-install -j$(nproc) gd pdo pdo_mysql mysqli zip\n",
	      f);
	fputs("RUN a2enmod rewrite\n", f);
	fputs(
	    "RUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin "
	    "--filename=composer\n",
	    f);
	fputs("COPY . /var/www/html/\nWORKDIR /var/www/html\nRUN composer install --no-dev\n", f);
	fputs("RUN chown -R www-data:www-data /var/www/html && chmod -R 777 "
	      "/var/www/html/storage\n",
	      f);
	habits(f, (int)rnd(3));
	fputs("EXPOSE 80\n", f);
}

static void dotnet_app(FILE *f, const char *app)
{
	fputs("FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /source\n\n", f);
	fprintf(f, "COPY *.csproj .\nRUN dotnet restore\n\nCOPY . .\n"
	           "RUN dotnet publish -c Release -o /app --no-restore\n\n");
	fputs("FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY --from=build /app ./\n",
	      f);
	habits(f, (int)rnd(3));
	fprintf(f, "ENTRYPOINT [\"dotnet\", \"%s.dll\"]\n", app);
}

static void rust_app(FILE *f, const char *app)
{
	fprintf(f, "FROM rust:1.%u as builder\nWORKDIR /usr/src/%s\nCOPY . .\n", ver(65, 78), app);
	fputs("RUN cargo install --path .\n\nFROM debian:bullseye-slim\n", f);
	fputs("RUN apt-get update && apt-get install -y libssl1.1 ca-certificates && rm -rf "
	      "/var/lib/apt/lists/*\n",
	      f);
	fprintf(f, "COPY --from=builder /usr/local/cargo/bin/%s /usr/local/bin/%s\n", app, app);
	habits(f, (int)rnd(3));
	fprintf(f, "CMD [\"%s\"]\n", app);
}

/* A developer's toolbox image: everything installed, SSH, sudo. */
static void toolbox(FILE *f, const char *app)
{
	fprintf(f, "FROM %s\nMAINTAINER Jane Doe <jane@example.com>\n\n", PICK(debian_bases));
	fputs("ENV DEBIAN_FRONTEND noninteractive\n", f);
	fputs("RUN apt-get update\nRUN apt-get install -y", f);
	apt_list(f, 4 + (int)rnd(8), " ");
	fputs("\nRUN apt-get install -y openssh-server python3 python3-pip\n", f);
	fprintf(f,
	        "RUN useradd -m -s /bin/bash %s && echo \"%s:%s\" | chpasswd && adduser %s sudo\n",
	        app, app, app, app);
	fputs("RUN mkdir /var/run/sshd && sed -i 's/#PermitRootLogin prohibit-password/"
	      "PermitRootLogin yes/' /etc/ssh/sshd_config\n",
	      f);
	fputs("RUN pip3 install ansible awscli\n", f);
	fputs("RUN curl -L \"https://github.com/docker/compose/releases/latest/download/"
	      "docker-compose-$(uname -s)-$(uname -m)\" -o /usr/local/bin/docker-compose && "
	      "chmod +x /usr/local/bin/docker-compose\n",
	      f);
	habits(f, 2 + (int)rnd(4));
	fputs("EXPOSE 22\nCMD [\"/usr/sbin/sshd\", \"-D\"]\n", f);
}

/* BuildKit: cache mounts, heredocs, secrets mounts, --link. */
static void buildkit(FILE *f, const char *app)
{
	fprintf(f, "ARG PYTHON_VERSION=3.%u\n", ver(10, 12));
	fputs("FROM python:${PYTHON_VERSION}-slim AS base\n\n", f);
	fputs("RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n"
	      "    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n"
	      "    apt-get update && apt-get install -y --no-install-recommends",
	      f);
	apt_list(f, 2 + (int)rnd(3), " ");
	fputc('\n', f);
	fputs("WORKDIR /app\n", f);
	fputs("RUN --mount=type=cache,target=/root/.cache/pip \\\n"
	      "    --mount=type=bind,source=requirements.txt,target=requirements.txt \\\n"
	      "    python -m pip install -r requirements.txt\n",
	      f);
	fputs("RUN --mount=type=secret,id=pip_conf,target=/etc/pip.conf pip install "
	      "private-package\n",
	      f);
	fprintf(f,
	        "RUN <<EOF\nset -e\nmkdir -p /var/log/%s\necho \"built $(date)\" > "
	        "/etc/%s-build\nEOF\n",
	        app, app);
	fputs("COPY --link . .\n", f);
	fprintf(f,
	        "ARG UID=10001\nRUN adduser --disabled-password --gecos \"\" --home "
	        "\"/nonexistent\" --shell \"/sbin/nologin\" --no-create-home --uid \"${UID}\" "
	        "%s\nUSER %s\n",
	        app, app);
	habits(f, (int)rnd(3));
	fputs("EXPOSE 8000\nCMD python3 -m uvicorn app:app --host=0.0.0.0 --port=8000\n", f);
}

static void gen_file(FILE *f, unsigned i)
{
	const char *app = PICK(apps);
	unsigned shape = rnd(16);

	/* A syntax directive must come first: the BuildKit shape writes its own. */
	if (shape == 15)
		fputs("# syntax=docker/dockerfile:1.6\n", f);
	if (rnd(2))
		fprintf(f, "# %s service (%u)\n", app, i);
	switch (shape) {
	case 0:
	case 1:
		official_debian(f, app);
		break;
	case 2:
		official_alpine(f, app);
		break;
	case 3:
	case 4:
	case 5:
		node_app(f, app);
		break;
	case 6:
	case 7:
	case 8:
		python_app(f, app);
		break;
	case 9:
		go_app(f, app);
		break;
	case 10:
		java_app(f, app);
		break;
	case 11:
		ruby_app(f, app);
		break;
	case 12:
		php_app(f, app);
		break;
	case 13:
		dotnet_app(f, app);
		break;
	case 14:
		rnd(2) ? rust_app(f, app) : toolbox(f, app);
		break;
	default:
		buildkit(f, app);
		break;
	}
}

static int mkdirs(const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		perror(path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {"Dockerfile",      "Dockerfile",    "Dockerfile",
	                                    "Dockerfile.prod", "Containerfile", "build.Dockerfile"};
	char path[4096];
	unsigned count;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-dockerfiles-real DIR COUNT\n");
		return 2;
	}
	count = (unsigned)strtoul(argv[2], NULL, 10);
	if (mkdirs(argv[1]) < 0)
		return 1;
	for (unsigned i = 0; i < count; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%04u", argv[1], i / 100);
		if (mkdirs(path) < 0)
			return 1;
		snprintf(path, sizeof(path), "%s/%04u/app%u", argv[1], i / 100, i);
		if (mkdirs(path) < 0)
			return 1;
		snprintf(path, sizeof(path), "%s/%04u/app%u/%s", argv[1], i / 100, i,
		         names[i % (sizeof(names) / sizeof(names[0]))]);
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			return 1;
		}
		gen_file(f, i);
		if (fclose(f) != 0) {
			perror(path);
			return 1;
		}
	}
	return 0;
}
