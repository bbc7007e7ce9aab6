{{- define "shared.name" }}from-shared{{ end }}
