# Installs spelt with aliases or as groups leave the cache too.
# expect: DF059:5
# expect: DF059:6
FROM fedora:40
RUN dnf in -y vim-enhanced
RUN dnf group install -y "Development Tools"
USER 10001
