#!/bin/sh
# EEA values, a variable, and a pragma.
docker run -d -e AWS_REGION=eu-north-1 -e "REGION=$REGION" registry.example.com/app:1 --zone europe-west4-a
# vakt ignore=RS002 -- deliberate: US status page
docker run --rm registry.example.com/probe:1 https://svc-123.us-central1.run.app/health
