# expect: DF082:5
# expect: DF082:6
# expect: DF082:7
FROM node:20-alpine
CMD node server.js
ENTRYPOINT /usr/local/bin/start.sh --port 8080
CMD ['node', 'server.js']
