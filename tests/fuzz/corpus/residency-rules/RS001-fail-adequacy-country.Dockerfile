# London and Zurich are outside the EEA (EU adequacy decisions do not change that by default).
# expect: RS001:4
# expect: RS001:5
FROM europe-west2-docker.pkg.dev/acme/r/app:1 AS uk
FROM 123456789012.dkr.ecr.eu-central-2.amazonaws.com/app:1
USER 10001
