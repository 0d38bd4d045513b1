import { falcoRulesInConfigMap } from './_falco-configmap';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const falcoRulesStructure = kindRule({
  id: 'CS651',
  title: 'Falco rules file is not a YAML list',
  severity: Severity.ERROR,
  description: 'Fails when a ConfigMap carrying a Falco rules file (labelled cdk8s-secure.io/falco-rules, or a .yaml key with `- rule:` / `- macro:` / `- list:` items) holds text that is not valid YAML, or a document that is not a list.',
  rationale: 'Falco reads a rules file as a YAML list of rule, macro and list items and stops loading at the first error ("Rules content is not yaml array of objects"): the Falco pods fail to start and no runtime detection runs on their nodes.',
  fix: 'Write the rules file as a YAML list ("- rule: ..."), e.g. with FalcoRules, which emits and validates it.',
  references: ['Falco: rules file format'],
}, ['ConfigMap'], (obj) => falcoRulesInConfigMap(obj).flatMap(f => f.problems
  .filter(p => p.kind === 'structure')
  .map(p => ({ path: f.path, message: `the Falco rules file "${f.key}" ${p.message}` }))));
