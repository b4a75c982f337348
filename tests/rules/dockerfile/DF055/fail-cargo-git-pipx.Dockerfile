# cargo from a repository without --tag/--rev, pipx inject and pipx run
# without versions install whatever is newest today.
FROM rust:1.80 AS tools
# expect: DF055:5
RUN cargo install --locked --git https://github.com/example/tool
# expect: DF055:7
RUN cargo install --git https://github.com/example/tools --branch main cli
RUN cargo install --git https://github.com/example/tools --tag v1.4.0 cli
RUN cargo install --git https://github.com/example/tools --rev 4f2a9c1 cli

FROM python:3.12-slim
RUN pip install --no-cache-dir pipx==1.6.0
RUN pipx install black==24.4.2
# expect: DF055:15
RUN pipx inject black click
RUN pipx inject black click==8.1.7
# expect: DF055:18
RUN pipx run cowsay -t hello
RUN pipx run --spec cowsay==6.1 cowsay -t hello
USER 10001
