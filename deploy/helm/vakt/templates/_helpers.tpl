{{/*
Named templates of vakt's chart. The chart keeps to the template subset that
scripts/render-chart.py implements (its header lists it), so that the plain
manifests can be rendered without Helm.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "vakt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
The base name of every object: fullnameOverride, else the release name, with
"-<chart name>" unless the release is called that already.
*/}}
{{- define "vakt.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "vakt.name" . -}}
{{- if eq .Release.Name $name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Object names of the components. */}}
{{- define "vakt.webhook.fullname" -}}
{{- printf "%s-webhook" (include "vakt.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "vakt.watcher.fullname" -}}
{{- printf "%s-watcher" (include "vakt.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "vakt.uninstall.fullname" -}}
{{- printf "%s-uninstall" (include "vakt.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "vakt.imageScan.fullname" -}}
{{- printf "%s-image-scan" (include "vakt.fullname" .) | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{/* helm.sh/chart: name and version. */}}
{{- define "vakt.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "vakt.labels" -}}
helm.sh/chart: {{ include "vakt.chart" . }}
{{ include "vakt.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: vakt
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The labels that select the release's pods (never change them: selectors are immutable). */}}
{{- define "vakt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vakt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels and selector labels of each component. */}}
{{- define "vakt.webhook.labels" -}}
{{ include "vakt.labels" . }}
app.kubernetes.io/component: webhook
{{- end -}}
{{- define "vakt.webhook.selectorLabels" -}}
{{ include "vakt.selectorLabels" . }}
app.kubernetes.io/component: webhook
{{- end -}}
{{- define "vakt.watcher.labels" -}}
{{ include "vakt.labels" . }}
app.kubernetes.io/component: watcher
{{- end -}}
{{- define "vakt.watcher.selectorLabels" -}}
{{ include "vakt.selectorLabels" . }}
app.kubernetes.io/component: watcher
{{- end -}}
{{- define "vakt.uninstall.labels" -}}
{{ include "vakt.labels" . }}
app.kubernetes.io/component: uninstall
{{- end -}}

{{/* The annotations of the pre-delete hooks; the argument is the hook's weight. */}}
{{- define "vakt.uninstall.hook" -}}
helm.sh/hook: pre-delete
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
{{- end -}}
{{- define "vakt.imageScan.labels" -}}
{{ include "vakt.labels" . }}
app.kubernetes.io/component: image-scan
{{- end -}}

{{/* The image reference: by digest when one is given, else by tag (default: appVersion). */}}
{{- define "vakt.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}
{{- end -}}

{{/* The Secret holding the webhook's serving certificate. */}}
{{- define "vakt.webhook.tlsSecret" -}}
{{- if .Values.tls.certManager.enabled -}}
{{- printf "%s-tls" (include "vakt.webhook.fullname" .) -}}
{{- else -}}
{{- required "tls.existingSecret is required when tls.certManager.enabled is false" .Values.tls.existingSecret -}}
{{- end -}}
{{- end -}}

{{/* The webhook's failurePolicy: the value when set, else Ignore (fail open). */}}
{{- define "vakt.webhook.failurePolicy" -}}
{{- $p := default "Ignore" .Values.webhook.failurePolicy -}}
{{- if not (or (eq $p "Ignore") (eq $p "Fail")) -}}
{{- fail (printf "webhook.failurePolicy must be Ignore or Fail, not %s" $p) -}}
{{- end -}}
{{- $p -}}
{{- end -}}

{{/*
Checks of the values that Kubernetes would only reject at install time, or
not at all. Included by the templates of the components concerned.
*/}}
{{- define "vakt.validate" -}}
{{- if not (or (eq .Values.webhook.mode "deny") (eq .Values.webhook.mode "warn") (eq .Values.webhook.mode "audit")) -}}
{{- fail (printf "webhook.mode must be deny, warn or audit, not %s" .Values.webhook.mode) -}}
{{- end -}}
{{- if and .Values.webhook.enabled (not .Values.tls.certManager.enabled) -}}
{{- $secret := required "tls.existingSecret is required when tls.certManager.enabled is false" .Values.tls.existingSecret -}}
{{- $ca := required "tls.caBundle (the CA that signed tls.existingSecret, base64 PEM) is required when tls.certManager.enabled is false" .Values.tls.caBundle -}}
{{- end -}}
{{- if and .Values.imageScan.enabled (not .Values.imageScan.images) -}}
{{- fail "imageScan.enabled needs at least one entry in imageScan.images" -}}
{{- end -}}
{{- end -}}

{{/* The pod-level securityContext of the components that run as vakt's user. */}}
{{- define "vakt.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container securityContext of the components that need no privilege at all. */}}
{{- define "vakt.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
