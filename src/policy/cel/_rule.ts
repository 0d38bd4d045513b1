import { CelTarget, CelVariable } from './_targets';

/**
 * The CEL form of one catalog rule: the object passes the rule exactly when every validation expression
 * evaluates to true (the agreement test holds each to the checker's verdict on every fixture).
 */
export interface CelRule {
  /** Catalog rule id, e.g. `CS103`. Title, severity and fix come from the catalog. */
  readonly id: string;
  readonly target: CelTarget;
  readonly validations: string[];
  /** Set for rules left out of the default set, with the reason. */
  readonly optIn?: string;
}

/** The target's variables that the rule's validations use, directly or through other variables, in order. */
export function usedVariables(rule: CelRule): CelVariable[] {
  const refs = (e: string) => [...e.matchAll(/\bvariables\.(\w+)/g)].map(m => m[1]);
  const used = new Set<string>();
  const visit = (name: string) => {
    if (used.has(name)) return;
    used.add(name);
    const v = rule.target.variables.find(x => x.name === name);
    if (v) refs(v.expression).forEach(visit);
  };
  rule.validations.flatMap(refs).forEach(visit);
  return rule.target.variables.filter(v => used.has(v.name));
}
