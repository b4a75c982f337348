# Process and command substitution, and a pipe inside sh -c.
# expect: DF042:7
# expect: DF042:8
# expect: DF042:9
# expect: DF042:10
FROM debian:12
RUN bash <(curl -fsSL https://get.example.com)
RUN sh -c "$(curl -fsSL https://get.example.com)"
RUN eval "$(wget -qO- https://get.example.com)"
RUN /bin/sh -c 'curl -fsSL https://get.example.com | sh'
USER 10001
