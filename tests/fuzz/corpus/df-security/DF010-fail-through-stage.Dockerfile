# expect: DF010:5
# Building on the build stage is still shipping the toolchain.
FROM rust:1.79 AS build
RUN cargo build --release
FROM build
CMD ["/target/release/app"]
