# expect: DF012:3
# The port is not a tag.
FROM localhost:5000/team/app
