// The runbooks: per node, the ordered commands that stay manual (README.md in its folder); per env, the order across
// nodes. The commands are the course's (§1.1–§1.3, CentOS 7 with yum), with the rendered files in place of hand edits.
import type { Environment } from '../env/types.js';
import type { HostNode, HostPlan } from './facts.js';
import { CA_CERT_HASH, JOIN_TOKEN } from './kubeadm.js';
import { CSR_PREFIX } from './users.js';

export interface NodeFile {
  path: string;
  purpose: string;
}

const sh = (...lines: string[]) => ['```sh', ...lines, '```'];

function labelCommand(node: HostNode): string | undefined {
  const { kubectl } = node.labelPlan;
  if (kubectl.length === 0) return undefined;
  return `kubectl label node ${node.name} ${kubectl.map(([k, v]) => `${k}=${v}`).join(' ')} --overwrite`;
}

function taintText(node: HostNode): string {
  if (node.taints.length === 0) return 'none';
  return node.taints.map((t) => `\`${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}\``).join(', ');
}

function labelSection(plan: HostPlan, node: HostNode): string[] {
  const { nodeLabels, automatic } = node.labelPlan;
  const lines: string[] = [];
  const list = (pairs: Array<[string, string, ...unknown[]]>) => pairs.map(([k, v]) => `\`${k}=${v}\``).join(', ');
  if (nodeLabels.length > 0) lines.push(`- set by the kubelet at registration (\`--node-labels\` in kubeadm.yaml): ${list(nodeLabels)}`);
  const kubelet = automatic.filter(([, , by]) => by === 'kubelet-default');
  const kubeadm = automatic.filter(([, , by]) => by === 'kubeadm');
  if (kubelet.length > 0) lines.push(`- set by the kubelet itself: ${list(kubelet)}`);
  if (kubeadm.length > 0) lines.push(`- set by \`kubeadm init\`: ${list(kubeadm)}`);
  lines.push(`- taints (kubeadm.yaml, applied when the node registers): ${taintText(node)}`);
  const command = labelCommand(node);
  if (command) {
    lines.push(
      `- labels the kubelet may not set on its own node (the kubernetes.io and k8s.io namespaces outside its allowed set, which the`,
      `  NodeRestriction admission plugin also enforces), set by an admin on ${plan.controlPlane.name} once the node has joined:`,
      '',
      ...sh(command),
    );
  }
  return lines;
}

export function nodeRunbook(plan: HostPlan, node: HostNode, files: NodeFile[], header: string): string {
  const { cluster } = plan;
  const role = node.controlPlane
    ? `is the control-plane node; its API server listens on ${plan.apiServer}`
    : `is a worker; it joins the API server at ${plan.apiServer}`;
  const kubernetes = cluster.kubernetesVersion;
  const bootstrap = node.controlPlane
    ? [
        '## 4. Create the cluster (§1.3.6, §1.3.7)',
        '',
        ...sh(
          'kubeadm init --config kubeadm.yaml --ignore-preflight-errors=SystemVerification',
          'mkdir -p $HOME/.kube && cp -i /etc/kubernetes/admin.conf $HOME/.kube/config',
        ),
      ]
    : [
        '## 4. Join the cluster (§1.3.8)',
        '',
        `The bootstrap token and the CA's hash are short-lived credentials, so kubeadm.yaml holds the placeholders`,
        `\`${JOIN_TOKEN}\` and \`${CA_CERT_HASH}\`. On ${plan.controlPlane.name}, \`kubeadm token create --print-join-command\``,
        'prints both (`--token`, `--discovery-token-ca-cert-hash`); enter them here:',
        '',
        ...sh(
          "read -rp 'token: ' TOKEN && read -rp 'CA cert hash (sha256:…): ' CA_CERT_HASH",
          `sed -e "s/${JOIN_TOKEN}/$TOKEN/" -e "s/${CA_CERT_HASH}/$CA_CERT_HASH/" kubeadm.yaml >kubeadm-join.yaml`,
          'kubeadm join --config kubeadm-join.yaml --ignore-preflight-errors=SystemVerification && rm kubeadm-join.yaml',
        ),
      ];
  return [
    `# ${node.name}: node bootstrap (env ${plan.env})`,
    '',
    header,
    '',
    `${node.name} (${node.ip} on ${cluster.interface}) ${role}. Copy this folder to it`,
    `(\`scp -r ${node.name} root@${node.ip}:bundle-hosts\`) and run the steps as root inside the copy.`,
    '',
    '| file | what it is |',
    '|---|---|',
    ...files.map((f) => `| \`${f.path}\` | ${f.purpose} |`),
    '',
    '## 1. Prepare the host (§1.1)',
    '',
    ...sh(
      `hostnamectl set-hostname ${node.name}`,
      "swapoff -a && sed -ri '/\\sswap\\s/s/^#?/#/' /etc/fstab",
      "setenforce 0 || true; sed -i 's/^SELINUX=enforcing/SELINUX=disabled/' /etc/selinux/config",
      'systemctl disable --now firewalld',
    ),
    '',
    `## 2. Install containerd ${plan.containerd.version} and Kubernetes ${kubernetes} (§1.2.1, §1.3.2)`,
    '',
    'From the course\'s yum repositories (docker-ce and kubernetes); ipset and ipvsadm serve kube-proxy\'s ipvs mode.',
    '',
    ...sh(`yum install -y containerd.io-${plan.containerd.version} kubelet-${kubernetes} kubeadm-${kubernetes} kubectl-${kubernetes} ipset ipvsadm`),
    '',
    '## 3. Put the files in place, start containerd (§1.1.5, §1.2.2–§1.2.5)',
    '',
    ...sh(
      'cp -R etc/. /etc/',
      'systemctl restart systemd-modules-load && sysctl --system',
      'systemctl enable containerd && systemctl restart containerd',
      'systemctl enable kubelet',
    ),
    '',
    ...bootstrap,
    '',
    '## 5. Labels and taints',
    '',
    ...labelSection(plan, node),
    '',
  ].join('\n');
}

export function envRunbook(plan: HostPlan, env: Environment, header: string): string {
  const { cluster } = plan;
  const cp = plan.controlPlane.name;
  const workers = plan.nodes.filter((n) => !n.controlPlane).map((n) => n.name);
  const labels = plan.nodes.map(labelCommand).filter((c): c is string => c !== undefined);
  const cni = env.releases.filter((r) => r.enabled && r.chart === 'cni').map((r) => `\`${r.name}\``);
  const steps = [
    `1. On every node, steps 1–3 of its README.md.`,
    `2. On ${cp}, step 4: \`kubeadm init\`.`,
    ...(workers.length > 0 ? [`3. On ${workers.join(', ')}, step 4: \`kubeadm join\`.`] : []),
    ...(labels.length > 0 ? [`${workers.length > 0 ? 4 : 3}. On ${cp}, the labels the kubelets may not set themselves:`, '', ...sh(...labels).map((l) => `   ${l}`)] : []),
  ];
  const users = plan.users.map((u) => `bash users.sh request ${u}`);
  return [
    `# Cluster bootstrap: env ${plan.env}`,
    '',
    header,
    '',
    `Kubernetes ${cluster.kubernetesVersion}, pod network ${cluster.podCIDR}, services ${cluster.serviceCIDR} (DNS ${cluster.clusterDNS},`,
    `domain ${cluster.dnsDomain}), API server https://${plan.apiServer}, containerd ${plan.containerd.version}.`,
    '',
    '| node | roles | address | folder |',
    '|---|---|---|---|',
    ...plan.nodes.map((n) => `| ${n.name} | ${n.roles.join(', ') || 'worker'} | ${n.ip} | [\`${n.name}/\`](${n.name}/README.md) |`),
    '',
    '## Order',
    '',
    ...steps,
    '',
    'The nodes stay NotReady until a CNI runs (§1.3.9). ' +
      (cni.length > 0
        ? `It is the env's release ${cni.join(', ')}, whose IP pool comes from the same pod CIDR fact as kubeadm.yaml's podSubnet; `
        : '') +
      'Argo CD syncs the releases in wave order once it runs in the cluster and the bootstrap (`kubectl apply -k .` in the bundle repository) is applied.',
    ...(plan.users.length > 0
      ? [
          '',
          '## Users (§17.9)',
          '',
          `\`users.sh\` makes a client certificate and kubeconfig for ${plan.users.join(', ')} through the CertificateSigningRequest API,`,
          'run by an operator with admin rights from a private folder (keys land in the current folder and never leave that',
          'machine). What the users may do is RBAC, rendered with the releases.',
          '',
          ...sh(...users, `kubectl certificate approve ${plan.users.map((u) => CSR_PREFIX + u).join(' ')}`, ...plan.users.map((u) => `bash users.sh kubeconfig ${u}`)),
        ]
      : []),
    '',
  ].join('\n');
}
