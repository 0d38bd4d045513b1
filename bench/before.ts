// The library as it was at an earlier commit, compiled into bench/out/before-<rev>/lib, so that a change's
// cost is measured against the code it replaced in the same run (workers load it through BENCH_LIB).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './_lib';

/** The last commit before issue #12 changed the YAML reader. */
export const BEFORE_READER_CHANGE = 'b55960f';

/** Compiles `src/` of `rev` (once; reused while bench/out stays) and returns its lib directory. */
export function buildBefore(rev: string, out: string): string {
  const dir = path.join(out, `before-${rev}`);
  const lib = path.join(dir, 'lib');
  if (fs.existsSync(path.join(lib, 'cli', 'run.js'))) return lib;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['-C', ROOT, 'archive', '--format=tar', rev, 'src'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  config.compilerOptions = { ...config.compilerOptions, rootDir: 'src', outDir: 'lib', declaration: false, noUnusedLocals: false, inlineSourceMap: false, inlineSources: false, types: ['node'] };
  delete config['//'];
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  // Modules resolve from the repository's node_modules (bench/out is inside it).
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', path.join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  return lib;
}
