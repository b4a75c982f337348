# expect: DF083:7
# expect: DF083:9
# expect: DF083:11
# expect: DF083:12
FROM node:20-alpine
CMD ["npm", "start"]
CMD ["node", "server.js"]
ENTRYPOINT ["/sbin/tini", "--"]
ENTRYPOINT ["/usr/bin/dumb-init", "--"]
HEALTHCHECK NONE
HEALTHCHECK CMD ["/app/health"]
CMD ["node", "other.js"]
