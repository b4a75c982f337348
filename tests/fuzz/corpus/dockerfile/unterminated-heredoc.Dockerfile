FROM alpine
RUN cat <<EOF
this never ends
EOF 
  EOF
