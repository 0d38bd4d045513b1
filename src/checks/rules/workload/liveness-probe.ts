import { probeRule } from './_probes';

export const livenessProbe = probeRule('CS204', 'livenessProbe', 'livenessProbeMissing');
