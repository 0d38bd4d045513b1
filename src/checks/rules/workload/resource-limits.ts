import { resourceRule } from './_resources';

export const resourceLimits = resourceRule('CS203', 'limits', ['CIS 5.7 (resource policies)', 'NSA: Resource policies', 'Polaris: cpuLimitsMissing, memoryLimitsMissing', 'Trivy: KSV-0011, KSV-0018']);
