import { resourceRule } from './_resources';

export const resourceRequests = resourceRule('CS202', 'requests', ['Polaris: cpuRequestsMissing, memoryRequestsMissing', 'Trivy: KSV-0015, KSV-0016']);
