import { falcoRulesInConfigMap } from './_falco-configmap';
import { kindRule } from '../../_rule';
import { Severity } from '../../finding';

export const falcoRulesItems = kindRule({
  id: 'CS652',
  title: 'Falco rules file has an item Falco refuses',
  severity: Severity.ERROR,
  description: 'Fails when an item of a Falco rules file in a ConfigMap misses a required key (a new rule needs desc, condition, output and priority), has an invalid priority, an invalid override, duplicate exception names, or a condition that is not valid Falco syntax.',
  rationale: 'Falco stops loading its rules at the first invalid item, so one bad rule keeps every Falco pod from starting and turns off runtime detection.',
  fix: 'Fix the item named in the finding, e.g. by generating the file with FalcoRules, which validates each rule, macro and list as it is added.',
  references: ['Falco: rule fields', 'Falco: overriding rules'],
}, ['ConfigMap'], (obj) => falcoRulesInConfigMap(obj).flatMap(f => f.problems
  .filter(p => p.kind === 'item')
  .map(p => ({ path: f.path, message: `the Falco rules file "${f.key}": ${p.message}` }))));
