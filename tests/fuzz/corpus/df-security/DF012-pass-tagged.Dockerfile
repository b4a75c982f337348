FROM nginx:1.27-alpine
