# expect: DF013:2
FROM nginx:1.27-alpine
