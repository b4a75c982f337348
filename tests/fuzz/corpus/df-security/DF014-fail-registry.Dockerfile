# expect: DF014:2
FROM ghrc.io/acme/app:1.0
