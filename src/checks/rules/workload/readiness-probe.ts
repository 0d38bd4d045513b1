import { probeRule } from './_probes';

export const readinessProbe = probeRule('CS205', 'readinessProbe', 'readinessProbeMissing');
