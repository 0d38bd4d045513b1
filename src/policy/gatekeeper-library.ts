import { JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { firstDuplicate } from './_validate';
import { ConstraintOptions, GatekeeperConstraint } from './gatekeeper-constraint';
import { SecureError } from '../_errors';

// Typed constraints for the pod-security templates of the gatekeeper-library
// (https://open-policy-agent.github.io/gatekeeper-library/website/pspintro). This library does not emit
// those templates: a cluster that runs them gets constraints whose parameters are checked here.
// Their templates read `spec.containers` of the object, so they apply to Pods (the default kinds).

/**
 * Options of the library constraints whose only parameter is `exemptImages`.
 */
export interface LibraryConstraintOptions extends ConstraintOptions {
  /**
   * Containers whose image matches an entry are not checked; a trailing `*` matches a prefix. Prefer
   * full registry paths (`registry.example.com/agent:*`), never a bare name.
   * @default - no exemption
   */
  readonly exemptImages?: string[];
}

function exempt(scope: Construct, construct: string, images?: string[]): Record<string, any> {
  if (images === undefined) return {};
  for (const i of images) {
    if (typeof i !== 'string' || i.length === 0 || i === '*' || (i.includes('*') && !/^[^*]+\*$/.test(i))) {
      SecureError.raise(scope, 'CSE631', construct, `exemptImages entry ${JSON.stringify(i)} is not an image or an image prefix ending in "*"`,
        'Name a full image ("registry.example.com/agent:1.2") or a prefix ("registry.example.com/agent:*"); "*" alone would exempt everything.');
    }
  }
  return { exemptImages: [...images] };
}

/** Validates capability names (letters, digits and `_`, e.g. `NET_ADMIN`, or `*` where allowed). */
function capabilities(scope: Construct, construct: string, prop: string, caps: string[] | undefined, allowStar: boolean): void {
  for (const c of caps ?? []) {
    if (!(allowStar && c === '*') && !/^[A-Za-z][A-Za-z0-9_]*$/.test(c)) {
      SecureError.raise(scope, 'CSE632', construct, `${prop} entry ${JSON.stringify(c)} is not a capability name`, 'Use names such as "NET_BIND_SERVICE" or "ALL".');
    }
  }
  const dup = firstDuplicate((caps ?? []).map(c => c.toUpperCase()));
  if (dup) SecureError.raise(scope, 'CSE632', construct, `${prop} lists ${dup} twice`, 'List each capability once.');
}

/**
 * `K8sPSPPrivilegedContainer`: containers may not run privileged.
 */
export class PspPrivilegedContainer extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: LibraryConstraintOptions = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPPrivilegedContainer' });
    setParameters(this, exempt(this, 'PspPrivilegedContainer', props.exemptImages));
  }
}

/**
 * `K8sPSPAllowPrivilegeEscalationContainer`: containers must set `allowPrivilegeEscalation: false`.
 */
export class PspAllowPrivilegeEscalation extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: LibraryConstraintOptions = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPAllowPrivilegeEscalationContainer' });
    setParameters(this, exempt(this, 'PspAllowPrivilegeEscalation', props.exemptImages));
  }
}

/**
 * `K8sPSPReadOnlyRootFilesystem`: containers must set `readOnlyRootFilesystem: true`.
 */
export class PspReadOnlyRootFilesystem extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: LibraryConstraintOptions = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPReadOnlyRootFilesystem' });
    setParameters(this, exempt(this, 'PspReadOnlyRootFilesystem', props.exemptImages));
  }
}

/**
 * `K8sPSPHostNamespace`: pods may not share the host's PID or IPC namespace. (The host network is
 * `PspHostNetworkingPorts`.)
 */
export class PspHostNamespace extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: ConstraintOptions = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPHostNamespace' });
  }
}

/**
 * Props of `PspCapabilities`.
 */
export interface PspCapabilitiesProps extends LibraryConstraintOptions {
  /**
   * Capabilities a container may add; `*` allows any.
   * @default ['NET_BIND_SERVICE'] (the only one the restricted Pod Security Standard allows)
   */
  readonly allowedCapabilities?: string[];
  /**
   * Capabilities every container must drop (dropping `ALL` satisfies any list).
   * @default ['ALL']
   */
  readonly requiredDropCapabilities?: string[];
}

/**
 * `K8sPSPCapabilities`: limits the capabilities containers add and requires them to drop some.
 */
export class PspCapabilities extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspCapabilitiesProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPCapabilities' });
    const allowed = props.allowedCapabilities ?? ['NET_BIND_SERVICE'];
    const drop = props.requiredDropCapabilities ?? ['ALL'];
    capabilities(this, 'PspCapabilities', 'allowedCapabilities', allowed, true);
    capabilities(this, 'PspCapabilities', 'requiredDropCapabilities', drop, false);
    setParameters(this, { allowedCapabilities: [...allowed], requiredDropCapabilities: [...drop], ...exempt(this, 'PspCapabilities', props.exemptImages) });
  }
}

/**
 * Props of `PspSeccomp`.
 */
export interface PspSeccompProps extends LibraryConstraintOptions {
  /**
   * Allowed profiles: `RuntimeDefault`, `Localhost`, `Unconfined` (securityContext names) or the annotation
   * names (`runtime/default`, `localhost/<file>`); `*` allows any.
   * @default ['RuntimeDefault', 'Localhost'] (the restricted Pod Security Standard)
   */
  readonly allowedProfiles?: string[];
  /**
   * Profile files allowed with `Localhost`; `*` allows any.
   * @default ['*'] when allowedProfiles includes Localhost, otherwise none
   */
  readonly allowedLocalhostFiles?: string[];
}

/**
 * `K8sPSPSeccomp`: containers must run with one of the allowed seccomp profiles.
 */
export class PspSeccomp extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspSeccompProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPSeccomp' });
    const profiles = props.allowedProfiles ?? ['RuntimeDefault', 'Localhost'];
    if (profiles.length === 0) {
      SecureError.raise(this, 'CSE633', 'PspSeccomp', 'allowedProfiles is empty: the template then rejects every pod',
        'Allow at least RuntimeDefault.');
    }
    const files = props.allowedLocalhostFiles ?? (profiles.includes('Localhost') ? ['*'] : undefined);
    setParameters(this, {
      allowedProfiles: [...profiles],
      ...(files ? { allowedLocalhostFiles: [...files] } : {}),
      ...exempt(this, 'PspSeccomp', props.exemptImages),
    });
  }
}

/**
 * The type of `/proc` mount containers may use.
 */
export enum ProcMountType {
  /** The runtime's default masked `/proc`. */
  DEFAULT = 'Default',
  /** An unmasked `/proc`. */
  UNMASKED = 'Unmasked',
}

/**
 * Props of `PspProcMount`.
 */
export interface PspProcMountProps extends LibraryConstraintOptions {
  /**
   * The `/proc` mount type allowed.
   * @default ProcMountType.DEFAULT
   */
  readonly procMount?: ProcMountType;
}

/**
 * `K8sPSPProcMount`: containers must use the allowed `/proc` mount type.
 */
export class PspProcMount extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspProcMountProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPProcMount' });
    setParameters(this, { procMount: props.procMount ?? ProcMountType.DEFAULT, ...exempt(this, 'PspProcMount', props.exemptImages) });
  }
}

/**
 * Props of `PspHostNetworkingPorts`.
 */
export interface PspHostNetworkingPortsProps extends LibraryConstraintOptions {
  /**
   * Whether pods may use the host network.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Lowest host port allowed.
   * @default 0 (with max 0: no host port at all)
   */
  readonly min?: number;
  /**
   * Highest host port allowed.
   * @default 0
   */
  readonly max?: number;
}

/**
 * `K8sPSPHostNetworkingPorts`: limits the host network and host ports.
 */
export class PspHostNetworkingPorts extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspHostNetworkingPortsProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPHostNetworkingPorts' });
    const min = props.min ?? 0;
    const max = props.max ?? 0;
    for (const [prop, v] of [['min', min], ['max', max]] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 65535) {
        SecureError.raise(this, 'CSE634', 'PspHostNetworkingPorts', `${prop} ${v} is not a port number`, 'Use an integer from 0 to 65535.');
      }
    }
    if (min > max) SecureError.raise(this, 'CSE634', 'PspHostNetworkingPorts', `min ${min} is above max ${max}`, 'Swap them, or set both to 0 to allow no host port.');
    setParameters(this, { hostNetwork: props.hostNetwork ?? false, min, max, ...exempt(this, 'PspHostNetworkingPorts', props.exemptImages) });
  }
}

/**
 * A host path pods may mount.
 */
export interface AllowedHostPath {
  /** The path prefix, e.g. `/var/log`. Matches whole path components (`/var/log` does not allow `/var/logs`). */
  readonly pathPrefix: string;
  /**
   * Whether mounts of it must be read-only.
   * @default true
   */
  readonly readOnly?: boolean;
}

/**
 * Props of `PspHostFilesystem`.
 */
export interface PspHostFilesystemProps extends ConstraintOptions {
  /**
   * The host paths pods may mount.
   * @default [] (no hostPath volume at all)
   */
  readonly allowedHostPaths?: AllowedHostPath[];
}

/**
 * `K8sPSPHostFilesystem`: limits hostPath volumes to the allowed paths.
 */
export class PspHostFilesystem extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspHostFilesystemProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPHostFilesystem' });
    const paths = props.allowedHostPaths ?? [];
    for (const p of paths) {
      if (!p.pathPrefix.startsWith('/') || p.pathPrefix.includes('..')) {
        SecureError.raise(this, 'CSE635', 'PspHostFilesystem', `pathPrefix ${JSON.stringify(p.pathPrefix)} is not an absolute path`, 'Use an absolute path without "..", e.g. "/var/log".');
      }
    }
    setParameters(this, { allowedHostPaths: paths.map(p => ({ pathPrefix: p.pathPrefix, readOnly: p.readOnly ?? true })) });
  }
}

/**
 * How a user or group id is constrained by `PspAllowedUsers`.
 */
export enum IdRule {
  /** The id must be set and within the ranges. */
  MUST_RUN_AS = 'MustRunAs',
  /** The id must not be 0 (runAsUser only). */
  MUST_RUN_AS_NON_ROOT = 'MustRunAsNonRoot',
  /** If set, the id must be within the ranges. */
  MAY_RUN_AS = 'MayRunAs',
  /** Any id. */
  RUN_AS_ANY = 'RunAsAny',
}

/**
 * A range of ids, both ends included.
 */
export interface IdRange {
  /** Lowest id. */
  readonly min: number;
  /** Highest id. */
  readonly max: number;
}

/**
 * A rule for one id field of `PspAllowedUsers`.
 */
export interface IdRuleOptions {
  /** How the id is constrained. */
  readonly rule: IdRule;
  /**
   * The allowed ranges (for MustRunAs and MayRunAs).
   * @default - none
   */
  readonly ranges?: IdRange[];
}

/**
 * Props of `PspAllowedUsers`.
 */
export interface PspAllowedUsersProps extends LibraryConstraintOptions {
  /**
   * The rule for runAsUser.
   * @default - { rule: MustRunAs, ranges: [{ min: 10001, max: 65535 }] } (non-root ids above 10000)
   */
  readonly runAsUser?: IdRuleOptions;
  /**
   * The rule for runAsGroup.
   * @default - not constrained
   */
  readonly runAsGroup?: IdRuleOptions;
  /**
   * The rule for supplementalGroups.
   * @default - not constrained
   */
  readonly supplementalGroups?: IdRuleOptions;
  /**
   * The rule for fsGroup.
   * @default - not constrained
   */
  readonly fsGroup?: IdRuleOptions;
}

/**
 * `K8sPSPAllowedUsers`: constrains the user and group ids of containers.
 */
export class PspAllowedUsers extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspAllowedUsersProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPAllowedUsers' });
    const params: Record<string, any> = {};
    const fields: Array<[string, IdRuleOptions | undefined]> = [
      ['runAsUser', props.runAsUser ?? { rule: IdRule.MUST_RUN_AS, ranges: [{ min: 10001, max: 65535 }] }],
      ['runAsGroup', props.runAsGroup], ['supplementalGroups', props.supplementalGroups], ['fsGroup', props.fsGroup],
    ];
    for (const [field, opts] of fields) {
      if (!opts) continue;
      const ranges = opts.ranges ?? [];
      if ((opts.rule === IdRule.MUST_RUN_AS || opts.rule === IdRule.MAY_RUN_AS) && ranges.length === 0) {
        SecureError.raise(this, 'CSE636', 'PspAllowedUsers', `${field}: rule ${opts.rule} needs at least one range`, 'Add ranges, e.g. [{ min: 10001, max: 65535 }].');
      }
      if (opts.rule === IdRule.MUST_RUN_AS_NON_ROOT && field !== 'runAsUser') {
        SecureError.raise(this, 'CSE636', 'PspAllowedUsers', `${field}: rule MustRunAsNonRoot applies to runAsUser only`, 'Use MustRunAs with a range starting above 0.');
      }
      for (const r of ranges) {
        if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min < 0 || r.min > r.max) {
          SecureError.raise(this, 'CSE636', 'PspAllowedUsers', `${field}: range ${r.min}-${r.max} is not a range of ids`, 'Use integers with 0 <= min <= max.');
        }
      }
      params[field] = { rule: opts.rule, ...(ranges.length > 0 ? { ranges: ranges.map(r => ({ min: r.min, max: r.max })) } : {}) };
    }
    setParameters(this, { ...params, ...exempt(this, 'PspAllowedUsers', props.exemptImages) });
  }
}

/**
 * Props of `PspVolumeTypes`.
 */
export interface PspVolumeTypesProps extends ConstraintOptions {
  /**
   * The volume types pods may use (Volume field names such as `configMap`, `persistentVolumeClaim`); `*` allows any.
   * @default - the restricted Pod Security Standard's list: configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret
   */
  readonly volumes?: string[];
}

/**
 * `K8sPSPVolumeTypes`: limits the volume types pods use.
 */
export class PspVolumeTypes extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspVolumeTypesProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPVolumeTypes' });
    const volumes = props.volumes ?? ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
    if (volumes.length === 0) SecureError.raise(this, 'CSE637', 'PspVolumeTypes', 'volumes is empty: every pod with a volume would be rejected', 'List the allowed volume types.');
    for (const v of volumes) {
      if (v !== '*' && !/^[a-z][A-Za-z]*$/.test(v)) {
        SecureError.raise(this, 'CSE637', 'PspVolumeTypes', `volume type ${JSON.stringify(v)} is not a Volume field name`, 'Use names such as "configMap" or "persistentVolumeClaim".');
      }
    }
    setParameters(this, { volumes: [...volumes] });
  }
}

/**
 * Props of `PspForbiddenSysctls`.
 */
export interface PspForbiddenSysctlsProps extends ConstraintOptions {
  /**
   * Sysctls pods may not set; a trailing `*` matches a prefix, `*` alone all.
   * @default ['*']
   */
  readonly forbiddenSysctls?: string[];
  /**
   * Sysctls pods may set even though forbiddenSysctls matches them.
   * @default - none
   */
  readonly allowedSysctls?: string[];
}

/**
 * `K8sPSPForbiddenSysctls`: forbids sysctls.
 */
export class PspForbiddenSysctls extends GatekeeperConstraint {
  constructor(scope: Construct, id: string, props: PspForbiddenSysctlsProps = {}) {
    super(scope, id, { ...props, kind: 'K8sPSPForbiddenSysctls' });
    const forbidden = props.forbiddenSysctls ?? ['*'];
    for (const s of [...forbidden, ...props.allowedSysctls ?? []]) {
      if (!/^(\*|[a-z0-9_]+(\.[a-z0-9_-]+)*(\.\*)?)$/.test(s)) {
        SecureError.raise(this, 'CSE638', 'PspForbiddenSysctls', `sysctl ${JSON.stringify(s)} is not a sysctl name or prefix`, 'Use names such as "kernel.msgmax" or "net.*".');
      }
    }
    setParameters(this, { forbiddenSysctls: [...forbidden], ...(props.allowedSysctls ? { allowedSysctls: [...props.allowedSysctls] } : {}) });
  }
}

/** Sets `spec.parameters` when there are any (after the constructor of the base class validated the rest). */
function setParameters(c: GatekeeperConstraint, params: Record<string, any>): void {
  if (Object.keys(params).length > 0) c.apiObject.addJsonPatch(JsonPatch.add('/spec/parameters', params));
}
