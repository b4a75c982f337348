# No default and no --build-arg: vakt cannot tell, so it says nothing.
ARG BASE
FROM $BASE
