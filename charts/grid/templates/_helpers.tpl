{{/* Names ------------------------------------------------------------------------------------------- */}}

{{- define "grid.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-grid, or the release name alone when it already contains the chart name. */}}
{{- define "grid.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "grid.controlPlane.fullname" -}}{{ include "grid.fullname" . }}-control-plane{{- end -}}
{{- define "grid.workflowManager.fullname" -}}{{ include "grid.fullname" . }}-workflow-manager{{- end -}}
{{- define "grid.devSecret.fullname" -}}{{ include "grid.fullname" . }}-dev-storage{{- end -}}

{{/* Labels (Kubernetes recommended labels) ------------------------------------------------------------- */}}

{{/* Selector labels; argument: dict "ctx" $ "component" "<component>" */}}
{{- define "grid.selectorLabels" -}}
app.kubernetes.io/name: {{ include "grid.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels; argument: dict "ctx" $ "component" "<component>" */}}
{{- define "grid.labels" -}}
{{ include "grid.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Values.image.tag | default .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: grid
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Images -------------------------------------------------------------------------------------------- */}}

{{/* A grid image; argument: dict "ctx" $ "name" "grid-agent" */}}
{{- define "grid.image" -}}
{{- $tag := .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- with .ctx.Values.image.registry -}}{{ trimSuffix "/" . }}/{{- end -}}{{ .name }}:{{ $tag }}
{{- end -}}

{{/* A pool's worker image; argument: dict "ctx" $ "pool" <merged pool>. The pool's image.registry, when
     the key is given (even empty), replaces the chart's: a user's worker lives in the user's registry. */}}
{{- define "grid.workerImage" -}}
{{- $image := .pool.worker.image -}}
{{- $registry := .ctx.Values.image.registry -}}
{{- if hasKey $image "registry" }}{{ $registry = $image.registry }}{{ end -}}
{{- $tag := $image.tag | default .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- with $registry -}}{{ trimSuffix "/" . }}/{{- end -}}{{ $image.repository }}:{{ $tag }}
{{- end -}}

{{/* Pools --------------------------------------------------------------------------------------------- */}}

{{/* Fills the keys .dst lacks from .src, recursively (unlike merge, a 0 or false in .dst is kept). */}}
{{- define "grid.fillDefaults" -}}
{{- $dst := .dst -}}
{{- range $key, $value := .src -}}
{{- if or (not (hasKey $dst $key)) (kindIs "invalid" (get $dst $key)) -}}
{{- $_ := set $dst $key (deepCopy $value) -}}
{{- else if and (kindIs "map" $value) (kindIs "map" (get $dst $key)) -}}
{{- include "grid.fillDefaults" (dict "dst" (get $dst $key) "src" $value) -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The pools, each completed from poolDefaults, as YAML: {pools: [...]} (use fromYaml). */}}
{{- define "grid.pools" -}}
{{- $pools := list -}}
{{- range .Values.pools -}}
{{- $pool := deepCopy . -}}
{{- include "grid.fillDefaults" (dict "dst" $pool "src" $.Values.poolDefaults) -}}
{{- $pools = append $pools $pool -}}
{{- end -}}
{{- toYaml (dict "pools" $pools) -}}
{{- end -}}

{{- define "grid.pool.fullname" -}}{{ include "grid.fullname" .ctx }}-pool-{{ .pool.name }}{{- end -}}

{{/* Seconds as hh:mm:ss (a .NET TimeSpan). */}}
{{- define "grid.timespan" -}}
{{- $s := int . -}}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end -}}

{{/* Storage ------------------------------------------------------------------------------------------- */}}

{{/* Fails when the dev profile is asked for with a backend it does not run. */}}
{{- define "grid.checkStorage" -}}
{{- $s := .Values.storage -}}
{{- if .Values.dev.enabled -}}
{{- if ne $s.tables.kind "PostgreSql" }}{{ fail (printf "storage.tables.kind: dev.enabled runs PostgreSQL, not %s" $s.tables.kind) }}{{ end -}}
{{- if not (has $s.queue.kind (list "RabbitMQ" "PostgreSql")) }}{{ fail (printf "storage.queue.kind: dev.enabled runs RabbitMQ and PostgreSQL, not %s" $s.queue.kind) }}{{ end -}}
{{- if ne $s.objects.kind "Redis" }}{{ fail (printf "storage.objects.kind: dev.enabled runs Redis, not %s" $s.objects.kind) }}{{ end -}}
{{- end -}}
{{- end -}}

{{/* The Secret and key holding a setting: the dev Secret when dev.enabled, else the values'. Argument:
     dict "ctx" $ "config" <values block> "key" "<name of the *Key value>" "devKey" "<key in the dev Secret>" */}}
{{- define "grid.secretKeyRef" -}}
secretKeyRef:
{{- if .ctx.Values.dev.enabled }}
  name: {{ include "grid.devSecret.fullname" .ctx }}
  key: {{ .devKey }}
{{- else }}
  name: {{ required (printf "%s.existingSecret is required" .path) .config.existingSecret }}
  key: {{ required (printf "%s.%s is required" .path .key) (get .config .key) }}
{{- end }}
{{- end -}}

{{/* The storage environment of the control plane and the agents. */}}
{{- define "grid.storageEnv" -}}
{{- $s := .Values.storage -}}
{{- $pg := $s.tables.postgreSql -}}
- name: Grid__Storage__Tables__Kind
  value: {{ $s.tables.kind | quote }}
{{- if eq $s.tables.kind "PostgreSql" }}
- name: Grid__Storage__Tables__PostgreSql__ConnectionString
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $pg "key" "connectionStringKey" "devKey" "postgresql-connection-string" "path" "storage.tables.postgreSql") | nindent 4 }}
{{- else if eq $s.tables.kind "MongoDb" }}
- name: Grid__Storage__Tables__MongoDb__ConnectionString
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.tables.mongoDb "key" "connectionStringKey" "devKey" "" "path" "storage.tables.mongoDb") | nindent 4 }}
- name: Grid__Storage__Tables__MongoDb__Database
  value: {{ $s.tables.mongoDb.database | quote }}
{{- end }}
- name: Grid__Storage__Queue__Kind
  value: {{ $s.queue.kind | quote }}
{{- if eq $s.queue.kind "RabbitMQ" }}
- name: Grid__Storage__Queue__RabbitMQ__Uri
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.queue.rabbitMq "key" "uriKey" "devKey" "rabbitmq-uri" "path" "storage.queue.rabbitMq") | nindent 4 }}
- name: Grid__Storage__Queue__RabbitMQ__QueuePrefix
  value: {{ $s.queue.rabbitMq.queuePrefix | quote }}
{{- else if eq $s.queue.kind "Sqs" }}
- name: Grid__Storage__Queue__Sqs__ServiceUrl
  value: {{ required "storage.queue.sqs.serviceUrl is required" $s.queue.sqs.serviceUrl | quote }}
- name: Grid__Storage__Queue__Sqs__Region
  value: {{ $s.queue.sqs.region | quote }}
- name: Grid__Storage__Queue__Sqs__QueuePrefix
  value: {{ $s.queue.sqs.queuePrefix | quote }}
- name: Grid__Storage__Queue__Sqs__AccessKey
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.queue.sqs "key" "accessKeyKey" "devKey" "" "path" "storage.queue.sqs") | nindent 4 }}
- name: Grid__Storage__Queue__Sqs__SecretKey
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.queue.sqs "key" "secretKeyKey" "devKey" "" "path" "storage.queue.sqs") | nindent 4 }}
{{- else if eq $s.queue.kind "PostgreSql" }}
- name: Grid__Storage__Queue__PostgreSql__ConnectionString
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $pg "key" "connectionStringKey" "devKey" "postgresql-connection-string" "path" "storage.tables.postgreSql") | nindent 4 }}
{{- end }}
- name: Grid__Storage__Objects__Kind
  value: {{ $s.objects.kind | quote }}
{{- if eq $s.objects.kind "Redis" }}
- name: Grid__Storage__Objects__Redis__Configuration
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.objects.redis "key" "configurationKey" "devKey" "redis-configuration" "path" "storage.objects.redis") | nindent 4 }}
- name: Grid__Storage__Objects__Redis__KeyPrefix
  value: {{ $s.objects.redis.keyPrefix | quote }}
{{- else if eq $s.objects.kind "S3" }}
- name: Grid__Storage__Objects__S3__ServiceUrl
  value: {{ required "storage.objects.s3.serviceUrl is required" $s.objects.s3.serviceUrl | quote }}
- name: Grid__Storage__Objects__S3__Bucket
  value: {{ required "storage.objects.s3.bucket is required" $s.objects.s3.bucket | quote }}
- name: Grid__Storage__Objects__S3__Region
  value: {{ $s.objects.s3.region | quote }}
- name: Grid__Storage__Objects__S3__KeyPrefix
  value: {{ $s.objects.s3.keyPrefix | quote }}
- name: Grid__Storage__Objects__S3__AccessKey
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.objects.s3 "key" "accessKeyKey" "devKey" "" "path" "storage.objects.s3") | nindent 4 }}
- name: Grid__Storage__Objects__S3__SecretKey
  valueFrom:
    {{- include "grid.secretKeyRef" (dict "ctx" . "config" $s.objects.s3 "key" "secretKeyKey" "devKey" "" "path" "storage.objects.s3") | nindent 4 }}
{{- end }}
{{- end -}}

{{/* Security ------------------------------------------------------------------------------------------ */}}

{{/* The pod security context of the grid's pods (user 1654 is the .NET images' non-root `app`). */}}
{{- define "grid.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1654
runAsGroup: 1654
fsGroup: 1654
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "grid.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* Whether KEDA's ScaledObject is served by the cluster (or given with --api-versions). */}}
{{- define "grid.kedaPresent" -}}
{{- if .Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject" }}true{{ end -}}
{{- end -}}

{{/* The distinct DICOM ingest ports (AE titles may share one), as a YAML list (use fromYamlArray). */}}
{{- define "grid.dicomPorts" -}}
{{- $ports := list -}}
{{- range .Values.workflowManager.dicom.aeTitles -}}
{{- $ports = append $ports (int (.port | default 11112)) -}}
{{- end -}}
{{- toYaml ($ports | uniq) -}}
{{- end -}}

{{/* NetworkPolicy egress of the grid's pods: with restrictEgress, DNS, the release's own pods and the extra rules. */}}
{{- define "grid.networkPolicy.egress" -}}
{{- if .Values.networkPolicy.restrictEgress }}
egress:
  - ports:
      - port: 53
        protocol: UDP
      - port: 53
        protocol: TCP
  - to:
      - podSelector:
          matchLabels:
            app.kubernetes.io/instance: {{ .Release.Name }}
  {{- with .Values.networkPolicy.extraEgress }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end }}
{{- end }}
