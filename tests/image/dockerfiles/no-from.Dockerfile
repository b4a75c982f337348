# a fragment meant to be included: no stage
ARG DEBIAN=12
