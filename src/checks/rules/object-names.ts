import { apiGroup, findingFor, namespaceOf } from '../kube.js';
import type { Finding, Rule } from '../types.js';

// The API server's name rules (k8s.io/apimachinery validation, per kind as in Kubernetes 1.25): what it would refuse
// at apply time is refused at render time.
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

interface NameRule {
  what: string;
  max: number;
  valid: (name: string) => boolean;
}

const subdomain: NameRule = {
  what: "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)",
  max: 253,
  valid: (n) => SUBDOMAIN.test(n),
};
const label: NameRule = { what: "a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)", max: 63, valid: (n) => LABEL.test(n) };
/** RBAC names only have to be usable as one segment of a URL path. */
const pathSegment: NameRule = {
  what: "a path segment (not '.' or '..', without '/' or '%')",
  max: Infinity,
  valid: (n) => n !== '.' && n !== '..' && !/[/%]/.test(n),
};

function nameRule(group: string, kind: string): NameRule {
  if (group === '' && kind === 'Namespace') return label;
  if (group === '' && kind === 'Service') {
    return { what: "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, ending with a letter or digit)", max: 63, valid: (n) => DNS1035.test(n) };
  }
  // The controller appends an 11-character suffix to name the Jobs it creates.
  if (group === 'batch' && kind === 'CronJob') return { ...subdomain, max: 52 };
  if (group === 'rbac.authorization.k8s.io') return pathSegment;
  return subdomain;
}

export const objectNames: Rule = {
  id: 'object-names',
  severity: 'error',
  description: 'Object names and namespaces must be what the API server accepts for the kind (DNS-1123 subdomain or label, DNS-1035 label for Services, length limits).',
  check(ctx) {
    const out: Finding[] = [];
    for (const ro of ctx.objects) {
      const o = ro.object;
      const kind = String(o.kind);
      const name: unknown = o.metadata?.name;
      if (name === undefined || name === null || name === '') {
        if (typeof o.metadata?.generateName !== 'string' || o.metadata.generateName === '') {
          out.push(findingFor(this, ro, `${kind} has no metadata.name (name or generateName is required)`, '/metadata/name'));
        }
      } else if (typeof name === 'string') {
        const rule = nameRule(apiGroup(o.apiVersion), kind);
        const problem = !rule.valid(name) ? `must be ${rule.what}` : name.length > rule.max ? `must be at most ${rule.max} characters (it has ${name.length})` : undefined;
        if (problem) out.push(findingFor(this, ro, `${kind} name ${JSON.stringify(name)} ${problem}`, '/metadata/name'));
      }
      const namespace = namespaceOf(o);
      if (namespace !== undefined && !(LABEL.test(namespace) && namespace.length <= 63)) {
        out.push(findingFor(this, ro, `namespace ${JSON.stringify(namespace)} must be ${label.what}, at most 63 characters`, '/metadata/namespace'));
      }
    }
    return out;
  },
};
