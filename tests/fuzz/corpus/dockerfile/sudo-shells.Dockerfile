FROM debian
RUN sudo -u root bash <<EOF
apt-get install -y vim
EOF
RUN bash -c 'cat' <<EOF
not a script
EOF
RUN <<EOF bash
echo after marker
EOF
