FROM alpine
RUN echo "a\"b" 'c\d' e\ f "$(echo \"nested\")"
RUN echo `date` $((1+2)) ${X:-y}
ENV Q="unterminated
