/**
 * CS824: development dependencies in the final image, copied from a build stage (node_modules, site-packages,
 * a virtualenv) or, for python, installed in the final stage itself.
 */
import { df, findingsOf } from './_helpers';

const dev = (...lines: string[]) => findingsOf(df(...lines), 'CS824');
const at = (...lines: string[]) => dev(...lines).map(f => f.source.line);

describe('CS824 development dependencies in the final image', () => {
  describe('node: COPY --from a stage that installed devDependencies', () => {
    test('copying node_modules after npm ci (no --omit=dev) is reported at the COPY', () => {
      const f = dev('FROM node:22 AS build', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'RUN npm run build',
        'FROM gcr.io/distroless/nodejs22-debian12', 'COPY --from=build /app/node_modules /app/node_modules', 'COPY --from=build /app/dist /app/dist');
      expect(f.map(x => [x.source.line, x.severity, x.path, x.message])).toEqual([[7, 'warning', 'stage[1].COPY[0]',
        'COPY --from=build /app/node_modules copies development dependencies into the final image: in stage "build", line 4: npm ci installs devDependencies (no --omit=dev)']]);
    });

    test.each<[string, string[]]>([
      ['the whole project directory', ['COPY --from=build /app /app']],
      ['a relative source (relative to the stage root)', ['COPY --from=build app/node_modules ./node_modules']],
      ['the stage by index', ['COPY --from=0 /app/node_modules ./node_modules']],
      ['yarn install', ['COPY --from=build /app/node_modules ./node_modules']],
    ])('reported: %s', (_name, copy) => {
      const install = _name === 'yarn install' ? 'RUN yarn install --frozen-lockfile' : 'RUN npm install';
      expect(at('FROM node:22 AS build', 'WORKDIR /app', install, 'FROM node:22-slim', ...copy, 'USER 10001')).toEqual([5]);
    });

    test('the directory comes from WORKDIR or a cd in the RUN', () => {
      expect(at('FROM node:22 AS build', 'RUN cd /srv/api && npm ci', 'FROM node:22-slim', 'COPY --from=build /srv/api/node_modules ./node_modules', 'COPY --from=build /srv ./srv')).toEqual([4, 5]);
      expect(at('FROM node:22 AS build', 'RUN cd /srv/api && npm ci', 'FROM node:22-slim', 'COPY --from=build /srv/web/dist ./dist')).toEqual([]);
    });

    test.each<[string, string]>([
      ['npm ci --omit=dev', 'RUN npm ci --omit=dev'],
      ['npm ci --omit dev', 'RUN npm ci --omit dev'],
      ['npm ci --production', 'RUN npm ci --production'],
      ['npm ci --only=production', 'RUN npm ci --only=production'],
      ['NODE_ENV=production npm ci', 'RUN NODE_ENV=production npm ci'],
      ['a later npm prune --omit=dev', 'RUN npm ci && npm run build && npm prune --omit=dev'],
      ['yarn install --production', 'RUN yarn install --production'],
      ['pnpm install --prod', 'RUN pnpm install --prod'],
    ])('not reported: %s', (_name, run) => {
      expect(at('FROM node:22 AS build', 'WORKDIR /app', run, 'FROM node:22-slim', 'COPY --from=build /app/node_modules ./node_modules', 'USER 10001')).toEqual([]);
    });

    test('not reported: ENV NODE_ENV=production in the stage, and a copy of the build output only', () => {
      expect(at('FROM node:22 AS build', 'ENV NODE_ENV=production', 'WORKDIR /app', 'RUN npm ci', 'FROM node:22-slim', 'COPY --from=build /app /app')).toEqual([]);
      expect(at('FROM node:22 AS build', 'WORKDIR /app', 'RUN npm ci && npm run build', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html')).toEqual([]);
    });

    test('a production-only stage next to the build stage is the compliant pattern', () => {
      expect(at('FROM node:22 AS build', 'WORKDIR /app', 'RUN npm ci && npm run build',
        'FROM node:22 AS deps', 'WORKDIR /app', 'RUN npm ci --omit=dev',
        'FROM gcr.io/distroless/nodejs22-debian12', 'COPY --from=deps /app/node_modules /app/node_modules', 'COPY --from=build /app/dist /app/dist')).toEqual([]);
    });

    test('COPY --from an image (not a stage) is not judged; devDependencies installed in the final stage are CS822\'s', () => {
      expect(at('FROM node:22-slim', 'COPY --from=node:22 /usr/local/lib/node_modules /usr/local/lib/node_modules', 'USER 10001')).toEqual([]);
      expect(at('FROM node:22-slim', 'WORKDIR /app', 'RUN npm ci', 'USER 10001')).toEqual([]);
      expect(findingsOf(df('FROM node:22-slim', 'WORKDIR /app', 'RUN npm ci', 'USER 10001'), 'CS822')).toHaveLength(1);
    });
  });

  describe('python', () => {
    test.each<[string, string]>([
      ['-r requirements-dev.txt', 'RUN pip install --no-cache-dir -r requirements.txt -r requirements-dev.txt'],
      ['dev-requirements.txt', 'RUN pip3 install -r dev-requirements.txt'],
      ['requirements/test.txt', 'RUN python -m pip install -r requirements/test.txt'],
      ['a [dev] extra', 'RUN pip install -e ".[dev]"'],
      ['a [test,docs] extra', 'RUN pip install .[test,docs]'],
      ['uv pip', 'RUN uv pip install --system -r requirements-test.txt'],
      ['poetry install', 'RUN poetry install'],
      ['uv sync', 'RUN uv sync --frozen'],
    ])('installed in the final stage: %s', (_name, run) => {
      const f = dev('FROM python:3.13-slim', 'WORKDIR /app', run, 'USER 10001');
      expect(f.map(x => x.source.line)).toEqual([3]);
      expect(f[0].message).toMatch(/^RUN puts development dependencies in the final image: /);
    });

    test.each<[string, string]>([
      ['-r requirements.txt', 'RUN pip install -r requirements.txt'],
      ['a package named like dev', 'RUN pip install devtools-client'],
      ['poetry install --only main', 'RUN poetry install --only main'],
      ['poetry install --without dev', 'RUN poetry install --without dev'],
      ['uv sync --no-dev', 'RUN uv sync --frozen --no-dev'],
      ['a [server] extra', 'RUN pip install .[server]'],
    ])('not reported: %s', (_name, run) => {
      expect(at('FROM python:3.13-slim', 'WORKDIR /app', run, 'USER 10001')).toEqual([]);
    });

    test('copied from a build stage: its virtualenv, its site-packages, its --target directory', () => {
      const build = ['FROM python:3.13 AS build', 'RUN python -m venv /opt/venv', 'ENV PATH=/opt/venv/bin:$PATH', 'RUN /opt/venv/bin/pip install -r requirements-dev.txt'];
      expect(at(...build, 'FROM python:3.13-slim', 'COPY --from=build /opt/venv /opt/venv', 'USER 10001')).toEqual([6]);
      expect(at('FROM python:3.13 AS build', 'RUN pip install -r requirements-test.txt', 'FROM python:3.13-slim',
        'COPY --from=build /usr/local/lib/python3.13/site-packages /usr/local/lib/python3.13/site-packages')).toEqual([4]);
      expect(at('FROM python:3.13 AS build', 'RUN pip install --target /deps -r requirements-dev.txt', 'FROM gcr.io/distroless/python3-debian12', 'COPY --from=build /deps /deps')).toEqual([4]);
    });

    test('not reported: a build stage with development requirements whose output only is copied', () => {
      expect(at('FROM python:3.13 AS build', 'WORKDIR /src', 'RUN pip install -r requirements-dev.txt && python -m build', 'FROM python:3.13-slim', 'COPY --from=build /src/dist/app.whl /tmp/', 'RUN pip install /tmp/app.whl', 'USER 10001')).toEqual([]);
    });
  });

  test('a suppression comment with a reason suppresses it', () => {
    const f = dev('FROM node:22 AS build', 'WORKDIR /app', 'RUN npm ci', 'FROM node:22-slim',
      '# cdk8s-secure:ignore CS824 the test image runs the suite in the cluster', 'COPY --from=build /app /app', 'USER 10001');
    expect(f.map(x => x.suppressed?.reason)).toEqual(['the test image runs the suite in the cluster']);
  });
});
