FROM node:20
ONBUILD COPY package.json /app/
ONBUILD RUN npm install
ONBUILD ONBUILD RUN echo nested
onbuild run <<EOF
echo heredoc trigger
EOF
