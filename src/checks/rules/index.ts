// The rule catalogue, in report order: API validity first, then references, scheduling, hygiene and the gate.
import { argocdProject } from './argocd-project.js';
import { canaryPrimary } from './canary-primary.js';
import { containerProbes } from './container-probes.js';
import { containerResources } from './container-resources.js';
import { duplicateObject } from './duplicate-object.js';
import { endpointsAddress } from './endpoints-address.js';
import { hostPortClash } from './host-port-clash.js';
import { imageTag } from './image-tag.js';
import { ingressBackend } from './ingress-backend.js';
import { ingressClass } from './ingress-class.js';
import { limitRange } from './limit-range.js';
import { missingKey } from './missing-key.js';
import { missingReference } from './missing-reference.js';
import { netBindService } from './net-bind-service.js';
import { nodePlacement } from './node-placement.js';
import { nodePort } from './node-port.js';
import { objectNames } from './object-names.js';
import { pvcSelector } from './pvc-selector.js';
import { rbacClusterAdmin } from './rbac-cluster-admin.js';
import { rbacRoleRef } from './rbac-role-ref.js';
import { schema } from './schema.js';
import { secretData } from './secret-data.js';
import { selectorLabels } from './selector-labels.js';
import { storageClass } from './storage-class.js';
import { storageProvisioner } from './storage-provisioner.js';
import { unknownKind } from './unknown-kind.js';
import type { Rule } from '../types.js';

export const rules: Rule[] = [
  unknownKind,
  schema,
  objectNames,
  duplicateObject,
  selectorLabels,
  ingressBackend,
  ingressClass,
  canaryPrimary,
  storageClass,
  storageProvisioner,
  pvcSelector,
  missingReference,
  missingKey,
  endpointsAddress,
  rbacRoleRef,
  rbacClusterAdmin,
  nodePlacement,
  limitRange,
  hostPortClash,
  netBindService,
  nodePort,
  imageTag,
  containerResources,
  containerProbes,
  argocdProject,
  secretData,
];
