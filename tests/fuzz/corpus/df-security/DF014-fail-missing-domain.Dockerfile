# expect: DF014:2
FROM ghcr/acme/app:1.0
