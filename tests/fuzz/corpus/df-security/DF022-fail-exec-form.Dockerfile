# expect: DF022:3
FROM alpine:3.20
COPY ["kubeconfig", "/root/.kube/config"]
