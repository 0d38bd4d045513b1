import { CelRule } from './_rule';
import { POD_TARGET, present, setAnd, str, strList } from './_targets';
import { PSS_LATEST_VERSION } from '../../checks/pss-version';
import { BASELINE_CAPABILITIES, DROP_ALL, RESTRICTED_CAPABILITY } from '../../checks/rules/pss/_capabilities';
import { pssMinorOf } from '../../checks/rules/pss/_version';
import { HOST_HANDLERS, LIFECYCLE_FIELDS, PROBE_FIELDS } from '../../checks/rules/pss/host-probes';
import { seLinuxTypes } from '../../checks/rules/pss/selinux';
import { safeSysctls } from '../../checks/rules/pss/sysctls';
import { restrictedVolumes } from '../../checks/rules/pss/volume-types';

// CEL forms of the pod rules. Each mirrors the rule file of the same id under src/checks/rules/: read both
// side by side. `c` is a container (regular, init or ephemeral), `p` the pod securityContext.
// The policies implement the newest Pod Security Standards release the rules do (PSS_LATEST_VERSION): the
// version-dependent sets below are the checker's own, taken at that release.

/** The release the emitted policies implement. */
const MINOR = pssMinorOf(PSS_LATEST_VERSION);

const P = 'variables.podSecurityContext';
const ALL = 'variables.allContainers';

/** Every container satisfies `cond` (a CEL expression over `c`). */
const everyContainer = (cond: string, list = ALL) => `${list}.all(c, ${cond})`;
/** Not set, or set and satisfying the comparison. */
const unsetOr = (base: string, path: string[], comparison: string) => `(!(${present(base, ...path)}) || ${base}.${path.join('.')} ${comparison})`;

/** Same set as the checker's CS111 (the PSS baseline safe sysctls). */
const SAFE_SYSCTLS = [...safeSysctls(MINOR)];

/** Same set as the checker's CS108. */
const SELINUX_TYPES = [...seLinuxTypes(MINOR)];

/** True for a pod in its own user namespace, which v1.35+ exempts from some controls (the checker's `userNamespacePod`). */
const USER_NAMESPACE = MINOR >= 35 ? '(has(variables.podSpec.hostUsers) && variables.podSpec.hostUsers == false)' : 'false';

/**
 * The volume sources of the Pod API outside the restricted profile's list. A Volume is a typed object in
 * Kubernetes CEL, so its keys cannot be iterated as the checker does: the sources are named instead (a test
 * compares this list with the Volume type of the Kubernetes API).
 */
export const DISALLOWED_VOLUME_SOURCES = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker',
  'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs', 'photonPersistentDisk',
  'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
].filter(source => !restrictedVolumes(MINOR).has(source));

const seLinuxOk = (o: string) => `(${unsetOr(o, ['type'], `in ${strList(SELINUX_TYPES)}`)} && ${unsetOr(o, ['user'], "== ''")} && ${unsetOr(o, ['role'], "== ''")})`;
/** A container probe or lifecycle handler at `path` under `c` sets a non-empty host in `type`. */
const hostSet = (path: string[], type: string) => `(${present('c', ...path, type, 'host')} && c.${[...path, type].join('.')}.host != '')`;
const PROBE_HOSTS = [
  ...PROBE_FIELDS.flatMap(probe => HOST_HANDLERS.map(type => hostSet([probe], type))),
  ...LIFECYCLE_FIELDS.flatMap(hook => HOST_HANDLERS.map(type => hostSet(['lifecycle', hook], type))),
];
const resourcesSet = (field: 'requests' | 'limits') => everyContainer(
  `${present('c', 'resources', field)} && has(c.resources.${field}.cpu) && has(c.resources.${field}.memory)`,
  '(variables.containers + variables.initContainers)');

export const POD_CEL_RULES: CelRule[] = [
  {
    id: 'CS101',
    target: POD_TARGET,
    validations: [
      `!${setAnd(P, ['windowsOptions', 'hostProcess'], '== true')}`,
      everyContainer(`!${setAnd('c', ['securityContext', 'windowsOptions', 'hostProcess'], '== true')}`),
    ],
  },
  {
    id: 'CS102',
    target: POD_TARGET,
    validations: ['hostNetwork', 'hostPID', 'hostIPC'].map(f => `!${setAnd('variables.podSpec', [f], '== true')}`),
  },
  {
    id: 'CS103',
    target: POD_TARGET,
    validations: [everyContainer(`!${setAnd('c', ['securityContext', 'privileged'], '== true')}`)],
  },
  {
    id: 'CS104',
    target: POD_TARGET,
    // Exact strings, as admission compares them.
    validations: [everyContainer(`!(${present('c', 'securityContext', 'capabilities', 'add')}) || c.securityContext.capabilities.add.all(a, a in ${strList(BASELINE_CAPABILITIES)})`)],
  },
  {
    id: 'CS105',
    target: POD_TARGET,
    validations: ['!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, !has(v.hostPath))'],
  },
  {
    id: 'CS106',
    target: POD_TARGET,
    validations: [everyContainer('!has(c.ports) || c.ports.all(port, !has(port.hostPort) || port.hostPort == 0)')],
  },
  {
    id: 'CS107',
    target: POD_TARGET,
    validations: [
      unsetOr(P, ['appArmorProfile', 'type'], "in ['RuntimeDefault', 'Localhost']"),
      everyContainer(unsetOr('c', ['securityContext', 'appArmorProfile', 'type'], "in ['RuntimeDefault', 'Localhost']")),
      '!has(variables.podMetadata.annotations) || variables.podMetadata.annotations.all(k, '
        + "!k.startsWith('container.apparmor.security.beta.kubernetes.io/') || variables.podMetadata.annotations[k] in ['', 'runtime/default']"
        + " || variables.podMetadata.annotations[k].startsWith('localhost/'))",
    ],
  },
  {
    id: 'CS108',
    target: POD_TARGET,
    validations: [
      `!has(${P}.seLinuxOptions) || ${seLinuxOk(`${P}.seLinuxOptions`)}`,
      everyContainer(`!(${present('c', 'securityContext', 'seLinuxOptions')}) || ${seLinuxOk('c.securityContext.seLinuxOptions')}`),
    ],
  },
  {
    id: 'CS109',
    target: POD_TARGET,
    validations: [`${USER_NAMESPACE} || ${everyContainer(unsetOr('c', ['securityContext', 'procMount'], "== 'Default'"))}`],
  },
  {
    id: 'CS110',
    target: POD_TARGET,
    validations: [
      unsetOr(P, ['seccompProfile', 'type'], "in ['RuntimeDefault', 'Localhost']"),
      everyContainer(unsetOr('c', ['securityContext', 'seccompProfile', 'type'], "in ['RuntimeDefault', 'Localhost']")),
    ],
  },
  {
    id: 'CS111',
    target: POD_TARGET,
    validations: [`!has(${P}.sysctls) || ${P}.sysctls.all(s, has(s.name) && s.name in ${strList(SAFE_SYSCTLS)})`],
  },
  {
    id: 'CS112',
    target: POD_TARGET,
    validations: MINOR >= 34 ? [everyContainer(`!(${PROBE_HOSTS.join(' || ')})`)] : ['true'],
  },
  {
    id: 'CS121',
    target: POD_TARGET,
    validations: [`!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, ${DISALLOWED_VOLUME_SOURCES.map(s => `!has(v.${s})`).join(' && ')})`],
  },
  {
    id: 'CS122',
    target: POD_TARGET,
    validations: [`variables.isWindows || ${everyContainer(setAnd('c', ['securityContext', 'allowPrivilegeEscalation'], '== false'))}`],
  },
  {
    id: 'CS123',
    target: POD_TARGET,
    validations: [
      `${USER_NAMESPACE} || !${setAnd(P, ['runAsNonRoot'], '== false')}`,
      // The container's own value wins; without one it inherits the pod's.
      `${USER_NAMESPACE} || ${everyContainer(`${present('c', 'securityContext', 'runAsNonRoot')} ? c.securityContext.runAsNonRoot == true : ${setAnd(P, ['runAsNonRoot'], '== true')}`)}`,
    ],
  },
  {
    id: 'CS124',
    target: POD_TARGET,
    validations: [
      `${USER_NAMESPACE} || !${setAnd(P, ['runAsUser'], '== 0')}`,
      `${USER_NAMESPACE} || ${everyContainer(`!${setAnd('c', ['securityContext', 'runAsUser'], '== 0')}`)}`,
    ],
  },
  {
    id: 'CS125',
    target: POD_TARGET,
    validations: [`variables.isWindows || ${everyContainer(
      `${present('c', 'securityContext', 'seccompProfile', 'type')} ? c.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'] : `
      + setAnd(P, ['seccompProfile', 'type'], "in ['RuntimeDefault', 'Localhost']"))}`],
  },
  {
    id: 'CS126',
    target: POD_TARGET,
    validations: [
      `variables.isWindows || ${everyContainer(`${present('c', 'securityContext', 'capabilities', 'drop')} && ${str(DROP_ALL)} in c.securityContext.capabilities.drop`)}`,
      `variables.isWindows || ${everyContainer(`!(${present('c', 'securityContext', 'capabilities', 'add')}) || c.securityContext.capabilities.add.all(a, a == ${str(RESTRICTED_CAPABILITY)})`)}`,
    ],
  },
  {
    id: 'CS127',
    target: POD_TARGET,
    validations: [`!${USER_NAMESPACE} || ${everyContainer(unsetOr('c', ['securityContext', 'procMount'], "== 'Default'"))}`],
  },
  {
    id: 'CS201',
    target: POD_TARGET,
    validations: [everyContainer(setAnd('c', ['securityContext', 'readOnlyRootFilesystem'], '== true'))],
  },
  { id: 'CS202', target: POD_TARGET, validations: [resourcesSet('requests')] },
  { id: 'CS203', target: POD_TARGET, validations: [resourcesSet('limits')] },
  { id: 'CS204', target: POD_TARGET, validations: [`variables.isBatch || ${everyContainer('has(c.livenessProbe)', 'variables.containers')}`] },
  { id: 'CS205', target: POD_TARGET, validations: [`variables.isBatch || ${everyContainer('has(c.readinessProbe)', 'variables.containers')}`] },
  {
    id: 'CS210',
    target: POD_TARGET,
    validations: [everyContainer(setAnd('c', ['imagePullPolicy'], "== 'Always'"))],
  },
  {
    id: 'CS211',
    target: POD_TARGET,
    validations: [setAnd('variables.podSpec', ['automountServiceAccountToken'], '== false')],
  },
  {
    id: 'CS212',
    target: POD_TARGET,
    validations: [
      "has(variables.podSpec.serviceAccountName) ? !(variables.podSpec.serviceAccountName in ['', 'default'])"
        + " : (has(variables.podSpec.serviceAccount) && !(variables.podSpec.serviceAccount in ['', 'default']))",
    ],
  },
  {
    id: 'CS213',
    target: POD_TARGET,
    validations: [
      `!${setAnd(P, ['runAsUser'], '>= 1')} || ${P}.runAsUser > 10000`,
      `!${setAnd(P, ['runAsGroup'], '>= 0')} || ${P}.runAsGroup > 10000`,
      `!${setAnd(P, ['fsGroup'], '>= 0')} || ${P}.fsGroup > 10000`,
      everyContainer(`!${setAnd('c', ['securityContext', 'runAsUser'], '>= 1')} || c.securityContext.runAsUser > 10000`),
      everyContainer(`!${setAnd('c', ['securityContext', 'runAsGroup'], '>= 0')} || c.securityContext.runAsGroup > 10000`),
    ],
  },
];
