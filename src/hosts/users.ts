// users.sh: client certificates for the env's users (course §17.9) through the Kubernetes CSR API instead of the
// course's signing with the CA key on master1. Each private key is made on the operator's machine and never leaves
// it, and nothing secret is rendered: the script holds only the user names and the API server's address.
import type { HostPlan } from './facts.js';

export const CSR_PREFIX = 'user-';

export function usersScript(plan: HostPlan, header: string): string {
  return `#!/usr/bin/env bash
${header}#
# Client certificates for the cluster's users (course §17.9) through the Kubernetes CSR API: each private key is made
# here, on the operator's machine, and never leaves it; the cluster CA's key is not needed.
#
#   bash users.sh csr <user>                 make <user>.key (once) and print its CertificateSigningRequest
#   bash users.sh request <user>             the same, created in the cluster with kubectl
#   kubectl certificate approve ${CSR_PREFIX}<user>  an admin approves it
#   bash users.sh kubeconfig <user>          wait for the certificate, write <user>.kubeconfig (context <user>@kubernetes)
#
# Keys, certificates and kubeconfigs are written to the current folder: run it from a private one, outside git.
set -euo pipefail

users=(${plan.users.join(' ')})
server=https://${plan.apiServer}

usage() {
  echo "usage: bash $0 csr|request|kubeconfig <user>   (users: \${users[*]})" >&2
  exit 2
}
[ $# -eq 2 ] || usage
command=$1
user=$2
known=0
for u in "\${users[@]}"; do [ "$u" = "$user" ] && known=1; done
[ "$known" = 1 ] || usage
csr_name=${CSR_PREFIX}$user

csr() {
  if [ ! -e "$user.key" ]; then
    (umask 077 && openssl genrsa -out "$user.key" 2048 2>/dev/null)
  fi
  local request
  request=$(openssl req -new -key "$user.key" -subj "/CN=$user" | base64 | tr -d '\\n')
  cat <<EOF
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: $csr_name
spec:
  request: $request
  signerName: kubernetes.io/kube-apiserver-client
  usages:
    - client auth
EOF
}

kubeconfig() {
  local cert="" out="$user.kubeconfig"
  for _ in $(seq 30); do
    cert=$(kubectl get csr "$csr_name" -o 'jsonpath={.status.certificate}')
    [ -n "$cert" ] && break
    sleep 2
  done
  if [ -z "$cert" ]; then
    echo "$0: $csr_name has no certificate yet; an admin approves it with: kubectl certificate approve $csr_name" >&2
    exit 1
  fi
  printf '%s' "$cert" | base64 -d >"$user.crt"
  # Every namespace holds the cluster CA's certificate (kube-root-ca.crt).
  kubectl get configmap kube-root-ca.crt -n default -o 'jsonpath={.data.ca\\.crt}' >"$user.ca.crt"
  kubectl config set-cluster kubernetes --kubeconfig="$out" --server="$server" --certificate-authority="$user.ca.crt" --embed-certs=true >/dev/null
  kubectl config set-credentials "$user" --kubeconfig="$out" --client-certificate="$user.crt" --client-key="$user.key" --embed-certs=true >/dev/null
  kubectl config set-context "$user@kubernetes" --kubeconfig="$out" --cluster=kubernetes --user="$user" >/dev/null
  kubectl config use-context "$user@kubernetes" --kubeconfig="$out" >/dev/null
  rm -f "$user.ca.crt"
  echo "wrote $out (for $user's ~/.kube/config)" >&2
}

case $command in
  csr) csr ;;
  request)
    csr | kubectl create -f -
    echo "next: kubectl certificate approve $csr_name (an admin), then bash $0 kubeconfig $user" >&2
    ;;
  kubeconfig) kubeconfig ;;
  *) usage ;;
esac
`;
}
