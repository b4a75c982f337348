FROM nginx:1.27-alpine
LABEL org.opencontainers.image.source="https://example.com/site" \
      org.opencontainers.image.licenses=MIT
COPY nginx.conf /etc/nginx/nginx.conf
COPY public/ /usr/share/nginx/html/
EXPOSE 80 443/tcp
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
