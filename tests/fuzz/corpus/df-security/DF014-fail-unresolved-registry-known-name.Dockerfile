# expect: DF014:4
# The tag is unknown but the name is still checked.
ARG TAG
FROM pyth0n:${TAG}
