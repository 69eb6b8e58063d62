{{/* Names, labels and the few values derived in more than one place. */}}

{{- define "arl.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The prefix of every resource name: at most 45 characters, so "-gateway-metrics" still fits. */}}
{{- define "arl.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 45 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 45 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "arl.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "arl.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: arl-infra
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component: pass (dict "ctx" $ "component" "gateway"). */}}
{{- define "arl.selectorLabels" -}}
app.kubernetes.io/name: {{ include "arl.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "arl.componentLabels" -}}
{{ include "arl.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* image reference: pass (dict "image" .Values.gateway.image "ctx" $). */}}
{{- define "arl.image" -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The namespaces sandboxes run in, as a JSON list (use with fromJsonArray). */}}
{{- define "arl.sandboxNamespaces" -}}
{{- $namespaces := .Values.sandboxes.namespaces | default (list .Release.Namespace) -}}
{{- toJson (uniq $namespaces) -}}
{{- end -}}

{{/* The one namespace the operator watches, or "" (all) when sandboxes span several. */}}
{{- define "arl.operatorNamespace" -}}
{{- $namespaces := include "arl.sandboxNamespaces" . | fromJsonArray -}}
{{- if eq (len $namespaces) 1 -}}{{ first $namespaces }}{{- end -}}
{{- end -}}

{{- define "arl.gatewayServiceAccount" -}}{{ include "arl.fullname" . }}-gateway{{- end -}}
{{- define "arl.operatorServiceAccount" -}}{{ include "arl.fullname" . }}-operator{{- end -}}
{{- define "arl.redisName" -}}{{ include "arl.fullname" . }}-redis{{- end -}}

{{- define "arl.redisSecret" -}}
{{- default (printf "%s-redis" (include "arl.fullname" .)) .Values.redis.internal.existingSecret -}}
{{- end -}}

{{- define "arl.authSecret" -}}
{{- default (printf "%s-gateway-auth" (include "arl.fullname" .)) .Values.gateway.auth.existingSecret -}}
{{- end -}}

{{/*
A secret value that survives upgrades: the one already in the cluster (lookup), else a new random
one. Pass (dict "ctx" $ "secret" name "key" key "length" n). helm template has no cluster, so it
renders a fresh value every time; install and upgrade keep the first one.
*/}}
{{- define "arl.persistentSecretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret -}}
{{- if and $existing $existing.data (hasKey $existing.data .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum .length -}}
{{- end -}}
{{- end -}}

{{/*
The environment that tells a Java component where Redis is: ARL_REDIS_URI, built from a Secret with
Kubernetes' $(VAR) expansion so that no password is ever written into a manifest.
*/}}
{{- define "arl.redisEnv" -}}
{{- $redis := .Values.redis -}}
{{- if eq $redis.mode "internal" }}
- name: ARL_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "arl.redisSecret" . }}
      key: password
- name: ARL_REDIS_URI
  value: {{ printf "redis://:$(ARL_REDIS_PASSWORD)@%s.%s.svc:6379" (include "arl.redisName" .) .Release.Namespace | quote }}
{{- else if $redis.external.uriSecret.name }}
- name: ARL_REDIS_URI
  valueFrom:
    secretKeyRef:
      name: {{ $redis.external.uriSecret.name }}
      key: {{ $redis.external.uriSecret.key }}
{{- else }}
{{- $scheme := ternary "rediss" "redis" $redis.external.tls -}}
{{- $auth := "" -}}
{{- if $redis.external.passwordSecret.name }}
- name: ARL_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $redis.external.passwordSecret.name }}
      key: {{ $redis.external.passwordSecret.key }}
{{- $auth = printf "%s:$(ARL_REDIS_PASSWORD)@" $redis.external.username -}}
{{- end }}
- name: ARL_REDIS_URI
  value: {{ printf "%s://%s%s:%d/%d" $scheme $auth $redis.external.host (int $redis.external.port) (int $redis.external.database) | quote }}
{{- end }}
{{- end -}}

{{/* Values that cannot be checked by values.schema.json alone. */}}
{{- define "arl.validate" -}}
{{- if and (eq .Values.redis.mode "external") (not .Values.redis.external.host) (not .Values.redis.external.uriSecret.name) -}}
{{- fail "redis.mode=external needs redis.external.host (or redis.external.uriSecret.name)" -}}
{{- end -}}
{{- if and (gt (int .Values.operator.replicas) 1) (not .Values.operator.leaderElection.enabled) -}}
{{- fail (printf "operator.replicas=%d needs operator.leaderElection.enabled=true (two operators would fight over every pool)" (int .Values.operator.replicas)) -}}
{{- end -}}
{{- if and .Values.gateway.auth.enabled (not .Values.gateway.auth.existingSecret) (not .Values.gateway.auth.tenants) (not .Values.gateway.auth.generateKey) -}}
{{- fail "gateway.auth.enabled=true needs gateway.auth.existingSecret, gateway.auth.tenants or gateway.auth.generateKey=true (or gateway.auth.enabled=false to accept anonymous calls, which is insecure)" -}}
{{- end -}}
{{- range $name, $tenant := .Values.gateway.auth.tenants -}}
{{- if not $tenant.apiKeys -}}
{{- fail (printf "gateway.auth.tenants.%s.apiKeys must list at least one key" $name) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Pod-level settings shared by the gateway and operator pods. */}}
{{- define "arl.javaPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "arl.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}
