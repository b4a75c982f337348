# vakt ignore=RS001 -- the US registry is a DR copy, approved by the DPO
FROM us.gcr.io/acme/app:1
USER 10001
