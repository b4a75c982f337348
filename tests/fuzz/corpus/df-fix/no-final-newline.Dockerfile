FROM alpine:3.20
ADD run.sh /run.sh
CMD /run.sh