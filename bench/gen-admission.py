#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Two AdmissionReview requests for bench/serve.sh, as the API server sends
them to a validating webhook: CREATE of a Deployment with two containers
(an application and a metrics sidecar) the way a Helm chart or Argo CD
writes one, about 4 KB of compact JSON. In allowed.json both containers
drop every capability and run as non-root; in refused.json the application
container is privileged and adds NET_ADMIN (PSS baseline refuses it).
Usage: gen-admission.py OUTDIR"""
import json
import os
import sys


def container(name, image, port, sc):
    return {
        "name": name, "image": image, "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": port, "protocol": "TCP"}],
        "env": [
            {"name": "LOG_LEVEL", "value": "info"},
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1",
                                                            "fieldPath": "metadata.name"}}},
            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "checkout-db",
                                                                   "key": "password"}}},
        ],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                      "limits": {"cpu": "500m", "memory": "256Mi"}},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": port, "scheme": "HTTP"},
                          "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 1,
                          "successThreshold": 1, "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"},
                           "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1,
                           "failureThreshold": 3},
        "volumeMounts": [{"name": "tmp", "mountPath": "/tmp"}],
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "securityContext": sc,
    }


def review(refused):
    good = {"runAsNonRoot": True, "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}}
    app = {"privileged": True, "capabilities": {"add": ["NET_ADMIN"]}} if refused else good
    labels = {"app.kubernetes.io/name": "checkout", "app.kubernetes.io/part-of": "shop"}
    obj = {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "checkout", "namespace": "shop", "labels": labels,
                     "annotations": {"deployment.kubernetes.io/revision": "3"}},
        "spec": {
            "replicas": 3, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
            "selector": {"matchLabels": {"app.kubernetes.io/name": "checkout"}},
            "strategy": {"type": "RollingUpdate",
                         "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "serviceAccountName": "checkout", "automountServiceAccountToken": False,
                    "securityContext": {"runAsUser": 10001, "runAsGroup": 10001,
                                        "fsGroup": 10001,
                                        "seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [
                        container("app", "registry.example.com/shop/checkout:2.14.1", 8080, app),
                        container("metrics-proxy", "registry.example.com/shop/metrics-proxy:1.3.0",
                                  9090, good),
                    ],
                    "volumes": [{"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}],
                    "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                    "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
                },
            },
        },
    }
    gvk = {"group": "apps", "version": "v1", "kind": "Deployment"}
    gvr = {"group": "apps", "version": "v1", "resource": "deployments"}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
        "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
        "name": "checkout", "namespace": "shop", "operation": "CREATE",
        "userInfo": {"username": "system:serviceaccount:argocd:argocd-application-controller",
                     "uid": "4f1c2a9e-0d5b-4e58-9a3c-6a2f1e7b8c90",
                     "groups": ["system:serviceaccounts", "system:serviceaccounts:argocd",
                                "system:authenticated"]},
        "object": obj, "oldObject": None, "dryRun": False,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions",
                    "fieldManager": "argocd-controller"}}}


out = sys.argv[1]
for name, refused in (("allowed", False), ("refused", True)):
    with open(os.path.join(out, name + ".json"), "w") as f:
        f.write(json.dumps(review(refused), separators=(",", ":")))
