# expect: DF012:2
FROM nginx:latest
