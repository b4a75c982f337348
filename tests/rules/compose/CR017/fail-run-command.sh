#!/bin/sh
# A password passed to the program after the image.
# expect: CR017:4
docker run --rm --user 10001 billing:1.4 ./manage.py migrate --database-password=hunter22x
