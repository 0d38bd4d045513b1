import { IMAGE_CEL_RULES } from './_image-rules';
import { OBJECT_CEL_RULES } from './_object-rules';
import { POD_CEL_RULES } from './_pod-rules';
import { CelRule } from './_rule';

/** The CEL form of every catalog rule that has one, in id order. */
export const CEL_RULES: readonly CelRule[] = [...POD_CEL_RULES, ...IMAGE_CEL_RULES, ...OBJECT_CEL_RULES]
  .sort((a, b) => a.id.localeCompare(b.id));

const BY_ID = new Map(CEL_RULES.map(r => [r.id, r]));

export function celRule(id: string): CelRule | undefined {
  return BY_ID.get(id);
}

const POLICY_OBJECTS = 'it checks the admission policies themselves, in the manifests, before they reach the cluster';

/** Why the other catalog rules have no CEL form. A test requires an entry here for every rule without one. */
export const NO_CEL: Readonly<Record<string, string>> = {
  CS209: 'its registry list is a checker option; use the gatekeeper-library k8sallowedrepos template, or a policy with params',
  CS301: 'it needs the NetworkPolicies of the namespace, and a ValidatingAdmissionPolicy sees one object at a time',
  CS320: 'not written yet: matching *.domain TLS hosts needs CEL string functions the agreement test has not covered',
  CS321: 'it needs the Gateway the route attaches to, and a ValidatingAdmissionPolicy sees one object at a time',
  CS401: 'it scores the entropy of env values, which CEL cannot compute',
  CS402: 'every Secret in a cluster holds data (including those ExternalSecrets writes): the rule is about manifests in git',
  CS407: 'it reads configuration files line by line and recognises key formats, which CEL cannot do within its cost limits',
  CS408: 'it splits shell commands into words and recognises key formats, which CEL cannot do within its cost limits',
  CS508: 'it needs the role a binding refers to, and a ValidatingAdmissionPolicy sees one object at a time',
  CS601: POLICY_OBJECTS,
  CS602: POLICY_OBJECTS,
  CS603: POLICY_OBJECTS,
  CS604: POLICY_OBJECTS,
  CS610: POLICY_OBJECTS,
  CS611: POLICY_OBJECTS,
  CS612: POLICY_OBJECTS,
};
