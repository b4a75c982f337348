FROM redis:7
HEALTHCHECK NONE
HEALTHCHECK --interval=5s CMD redis-cli ping || exit 1
