# Exec-form RUN and ONBUILD RUN triggers are checked too.
# expect: DF040:5
# expect: DF040:6
FROM alpine:3.20
RUN ["sudo", "ls", "/root"]
ONBUILD RUN sudo make install
USER 10001
