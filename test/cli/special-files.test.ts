import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import { cli, noteLines, re, STACK_FRAME, stderrLines, TempDir } from './_cli';

/**
 * Issue #12: a FIFO, socket or device named on the command line is refused, and one found in a directory
 * is skipped with a note; neither ever blocks the check. (A FIFO with no writer blocks any open() forever.)
 */
let tmp: TempDir;
beforeAll(() => { tmp = new TempDir(); });
afterAll(() => tmp.cleanup());

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

test('a named pipe on the command line is refused with exit 2 and one line, without blocking', async () => {
  const fifo = tmp.path('pipe.yaml');
  mkfifo(fifo);
  const r = await cli(['check', fifo]);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${fifo}: is a named pipe (FIFO), not a regular file: refused (use - to read standard input)`]);
});

test('/dev/zero ends with exit 2', async () => {
  const r = await cli(['check', '/dev/zero']);
  expect(r.code).toBe(2);
  expect(stderrLines(r.stderr)).toEqual(['cdk8s-secure: error: /dev/zero: is a character device, not a regular file: refused (use - to read standard input)']);
});

test('a socket on the command line is refused', async () => {
  const sock = tmp.path('listen.sock');
  const server = net.createServer().listen(sock);
  await new Promise(resolve => server.once('listening', resolve));
  try {
    const r = await cli(['check', sock]);
    expect(r.code).toBe(2);
    expect(stderrLines(r.stderr)).toEqual([`cdk8s-secure: error: ${sock}: is a socket, not a regular file: refused (use - to read standard input)`]);
  } finally {
    server.close();
  }
});

test('a named pipe, a broken link and a link to a device inside a directory are skipped with a note; the regular files are checked', async () => {
  tmp.write('tree/good.yaml', CM);
  mkfifo(tmp.path('tree/pipe.yaml'));
  fs.symlinkSync('/dev/zero', tmp.path('tree/zero.yaml'));
  fs.symlinkSync(tmp.path('tree/missing.yaml'), tmp.path('tree/broken.yaml'));
  const r = await cli(['check', '--format', 'json', tmp.path('tree')]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).checked).toEqual({ objects: 1, files: 1 });
  expect(noteLines(r.stderr)).toEqual([
    expect.stringMatching(new RegExp(`${re(tmp.path('tree/broken.yaml'))}: a broken link, skipped$`)),
    expect.stringMatching(new RegExp(`${re(tmp.path('tree/pipe.yaml'))}: a named pipe \\(FIFO\\), not a regular file: skipped$`)),
    expect.stringMatching(new RegExp(`${re(tmp.path('tree/zero.yaml'))}: a character device, not a regular file: skipped$`)),
  ]);
});
