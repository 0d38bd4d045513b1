import { active, check, readFixture } from './_helpers';

/**
 * The Dockerfile examples of the hardening guide (seed/container-security-guide.zh.txt), line for line
 * (the guide prints them on one line; the fixtures restore the line breaks).
 */
describe('the guide\'s own Dockerfile examples', () => {
  test('"FROM ubuntu:latest" (不推荐, not recommended): the latest tag, a full-size base and root', () => {
    const f = check(readFixture('guide-base-ubuntu-latest.Dockerfile'));
    expect(active(f)).toEqual(['CS812@2', 'CS813@2', 'CS821@2']);
    expect(f.map(x => x.severity)).toEqual(['error', 'info', 'error']);
  });

  test('"FROM alpine:3.19" (推荐, recommended): the base image passes CS811, CS812 and CS813; alone it still runs as root', () => {
    expect(active(check(readFixture('guide-base-alpine.Dockerfile')))).toEqual(['CS821@2']);
  });

  test('"FROM gcr.io/distroless/python3-debian12" (更推荐, preferred): as the guide writes it, it has no tag', () => {
    const f = check(readFixture('guide-base-distroless.Dockerfile'));
    expect(active(f)).toEqual(['CS811@2', 'CS821@2']);
    expect(f[0].message).toBe('base image "gcr.io/distroless/python3-debian12" has no tag or digest, so the build pulls "latest"');
  });

  test('the preferred base image, non-root: only its versionless tag warns (CS814: pin a digest)', () => {
    expect(check('FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /app/\nCMD ["/app/app.py"]\n').map(f => `${f.ruleId} ${f.severity}`)).toEqual(['CS814 warning']);
    expect(check(`FROM gcr.io/distroless/python3-debian12:nonroot@sha256:${'0123456789abcdef'.repeat(4)}\nCOPY app.py /app/\nCMD ["/app/app.py"]\n`)).toEqual([]);
  });

  test('the multi-stage build (多阶段构建): the named USER warns (CS823), and so does the node_modules it copies from a builder that ran npm ci --production=false (CS824)', () => {
    expect(check(readFixture('guide-multi-stage.Dockerfile')).map(f => `${f.ruleId} ${f.severity} ${f.source.line}`)).toEqual(['CS824 warning 14', 'CS823 warning 16']);
    expect(check(readFixture('guide-multi-stage.Dockerfile')).find(f => f.ruleId === 'CS824')!.message).toBe(
      'COPY --from=builder /app/node_modules copies development dependencies into the final image: in stage "builder", line 6: npm ci installs devDependencies (no --omit=dev)');
  });

  test('the non-root user (最小权限用户): only the named USER warns (CS823: the kubelet cannot verify a name)', () => {
    expect(check(readFixture('guide-non-root.Dockerfile')).map(f => `${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      'CS823 warning USER appuser names the user: the kubelet cannot verify runAsNonRoot from a name',
    ]);
  });

  test('the multi-stage build collapsed into one stage is reported: devDependencies, the build and root in the image', () => {
    const single = readFixture('guide-multi-stage.Dockerfile')
      .replace(/\nFROM alpine:3.19\n/, '\n')
      .replace(/COPY --from=builder .*\n/g, '')
      .replace('USER nobody\n', '');
    expect(active(check(single))).toEqual(['CS821@3', 'CS822@6', 'CS822@8']);
  });
});
