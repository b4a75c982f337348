#!/usr/bin/env bash
# A name the script did not build is a pull, and so is a run before the build.
# expect: CR018:6
# expect: CR018:8
# expect: CR018:10
docker run --rm billing-dev ./manage.py check
docker build -t billing-dev .
docker run --rm billing-dev-test ./manage.py test
docker tag billing-dev registry.example.com/billing:1.4.0
docker run -d redis
