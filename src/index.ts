export * from './checks/finding';
export * from './checks/catalog';
export * from './checks/engine';
export * from './checks/suppressions';
export * from './checks/security-checks';
export * from './workloads/health-checks';
export * from './workloads/secure-container';
export * from './workloads/secure-deployment';
