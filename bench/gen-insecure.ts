// Generates the second input of the fix benchmark: `objects` Deployments that each need every mechanical fix
// (no securityContext, no resources, imagePullPolicy IfNotPresent, the token mounted), with comments, so `fix`
// edits, verifies and diffs every document, not only the one in a hundred of the mixed input.
import * as fs from 'fs';

const UNIT = `# legacy service N, as exported from the cluster
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy-N
  namespace: bench
  labels: {app: legacy-N}
spec:
  replicas: 2
  selector:
    matchLabels: {app: legacy-N}
  template:
    metadata:
      labels: {app: legacy-N}
    spec:
      containers:
      - name: app   # the service itself
        image: registry.example.com/team/legacy:2.3.1
        imagePullPolicy: IfNotPresent
        ports:
        - containerPort: 8080
        env:
        - name: LOG_LEVEL
          value: info
      - name: proxy
        image: registry.example.com/team/proxy:1.0.4
        resources:
          limits: {cpu: 500m}
`;

/** Writes `objects` documents; returns the number written. */
export function generateInsecure(file: string, objects: number): number {
  const fd = fs.openSync(file, 'w');
  for (let i = 0; i < objects; i++) fs.writeSync(fd, `---\n${UNIT.split('legacy-N').join(`legacy-${i}`).replace('service N', `service ${i}`)}`);
  fs.closeSync(fd);
  return objects;
}
