import { check, deployment, DIGEST, ephemeralContainer, expectSuppressed, initContainer, of, pod, ruleIds, single } from './_fixtures';
import { Severity } from '../../../src';

const withImage = (image: unknown) => deployment(spec => { spec.containers[0].image = image; });

describe('CS206 image tag', () => {
  test.each([
    'registry.example.com/team/web:1.2.3',
    `registry.example.com/team/web@${DIGEST}`,
    'nginx:1.27.3',
    'localhost:5000/web:dev',
  ])('accepts %s', (image) => {
    expect(of(check(withImage(image)), 'CS206')).toEqual([]);
  });

  test('reports an image without tag or digest', () => {
    const findings = check(withImage('registry.example.com/team/web'));
    expect(ruleIds(findings)).toEqual(['CS206', 'CS208']);
    expect(single(findings, 'CS206')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].image',
      container: 'app',
      message: 'container "app" image "registry.example.com/team/web" has no tag or digest',
    });
  });

  test('reports a container without image', () => {
    const obj = deployment(spec => { delete spec.containers[0].image; });
    expect(single(check(obj), 'CS206')).toMatchObject({ path: 'spec.template.spec.containers[0].image', message: 'container "app" has no image' });
  });

  test('reports an invalid image reference', () => {
    expect(single(check(withImage('Registry/Web App:1')), 'CS206').message).toContain('container "app" has an invalid image "Registry/Web App:1"');
  });

  test('reports an init container image without tag', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].image = 'busybox';
    });
    expect(single(check(obj), 'CS206')).toMatchObject({ path: 'spec.template.spec.initContainers[0].image', container: 'setup' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(withImage('registry.example.com/team/web'), 'CS206');
  });
});

describe('CS207 latest tag', () => {
  test('accepts a version tag and latest pinned by digest', () => {
    expect(of(check(withImage('registry.example.com/team/web:1.2.3')), 'CS207')).toEqual([]);
    expect(of(check(withImage(`registry.example.com/team/web:latest@${DIGEST}`)), 'CS207')).toEqual([]);
  });

  test('reports the latest tag', () => {
    const findings = check(withImage('registry.example.com/team/web:latest'));
    expect(ruleIds(findings)).toEqual(['CS207', 'CS208']);
    expect(single(findings, 'CS207')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].image',
      container: 'app',
      message: 'container "app" image "registry.example.com/team/web:latest" uses the mutable tag "latest"',
    });
  });

  test('reports latest on an ephemeral container', () => {
    const obj = pod(spec => {
      spec.ephemeralContainers = [ephemeralContainer('debug')];
      spec.ephemeralContainers[0].image = 'busybox:latest';
    });
    expect(single(check(obj), 'CS207')).toMatchObject({ path: 'spec.ephemeralContainers[0].image', container: 'debug' });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(withImage('registry.example.com/team/web:latest'), 'CS207');
  });
});

describe('CS208 digest', () => {
  test('accepts an image pinned by digest, even when digests are required', () => {
    expect(of(check(deployment()), 'CS208')).toEqual([]);
    expect(of(check(deployment(), { requireDigests: true }), 'CS208')).toEqual([]);
  });

  test('reports an image pinned by tag only as info', () => {
    const f = single(check(withImage('registry.example.com/team/web:1.2.3')), 'CS208');
    expect(f).toMatchObject({
      severity: Severity.INFO,
      path: 'spec.template.spec.containers[0].image',
      container: 'app',
      message: 'container "app" image "registry.example.com/team/web:1.2.3" is not pinned by digest',
    });
  });

  test('reports it as an error when digests are required', () => {
    const f = single(check(withImage('registry.example.com/team/web:1.2.3'), { requireDigests: true }), 'CS208');
    expect(f).toMatchObject({ severity: Severity.ERROR, path: 'spec.template.spec.containers[0].image', container: 'app' });
  });

  test('a suppression accepts it, also when digests are required', () => {
    expectSuppressed(withImage('registry.example.com/team/web:1.2.3'), 'CS208', { requireDigests: true });
  });
});

describe('CS209 allowed registries', () => {
  test('checks nothing when no registries are configured', () => {
    expect(of(check(withImage(`docker.io/library/nginx:1.27.3@${DIGEST}`)), 'CS209')).toEqual([]);
  });

  test.each([
    [['registry.example.com']],
    [['registry.example.com/team']],
    [['ghcr.io', 'registry.example.com/']],
  ])('accepts the image with allowedRegistries %j', (allowedRegistries) => {
    expect(of(check(deployment(), { allowedRegistries }), 'CS209')).toEqual([]);
  });

  test('reports an image from another registry', () => {
    const findings = check(withImage(`nginx:1.27.3@${DIGEST}`), { allowedRegistries: ['registry.example.com'] });
    expect(ruleIds(findings)).toEqual(['CS209']);
    expect(single(findings, 'CS209')).toMatchObject({
      severity: Severity.ERROR,
      path: 'spec.template.spec.containers[0].image',
      container: 'app',
      message: `container "app" image "nginx:1.27.3@${DIGEST}" is from docker.io, not one of registry.example.com`,
    });
  });

  test('reports an image outside the allowed path prefix of the registry', () => {
    const f = single(check(withImage(`registry.example.com/other/web:1@${DIGEST}`), { allowedRegistries: ['registry.example.com/team'] }), 'CS209');
    expect(f.path).toBe('spec.template.spec.containers[0].image');
  });

  test('does not treat a look-alike host as the allowed registry', () => {
    const f = single(check(withImage(`registry.example.com.evil.io/team/web:1@${DIGEST}`), { allowedRegistries: ['registry.example.com'] }), 'CS209');
    expect(f.message).toContain('is from registry.example.com.evil.io');
  });

  test('a suppression accepts it', () => {
    expectSuppressed(withImage(`nginx:1.27.3@${DIGEST}`), 'CS209', { allowedRegistries: ['registry.example.com'] });
  });
});

describe('CS210 imagePullPolicy', () => {
  test('accepts imagePullPolicy: Always', () => {
    expect(of(check(deployment()), 'CS210')).toEqual([]);
  });

  test('reports a container that does not set it', () => {
    const findings = check(deployment(spec => { delete spec.containers[0].imagePullPolicy; }));
    expect(ruleIds(findings)).toEqual(['CS210']);
    expect(single(findings, 'CS210')).toMatchObject({
      severity: Severity.WARNING,
      path: 'spec.template.spec.containers[0].imagePullPolicy',
      container: 'app',
      message: 'container "app" does not set imagePullPolicy: Always',
    });
  });

  test('reports IfNotPresent on an init container', () => {
    const obj = deployment(spec => {
      spec.initContainers = [initContainer('setup')];
      spec.initContainers[0].imagePullPolicy = 'IfNotPresent';
    });
    expect(single(check(obj), 'CS210')).toMatchObject({
      path: 'spec.template.spec.initContainers[0].imagePullPolicy',
      container: 'setup',
      message: 'init container "setup" sets imagePullPolicy IfNotPresent',
    });
  });

  test('a suppression accepts it', () => {
    expectSuppressed(deployment(spec => { spec.containers[0].imagePullPolicy = 'Never'; }), 'CS210');
  });
});
