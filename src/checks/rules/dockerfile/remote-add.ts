import { wordsOf } from '../../../dockerfile/_shell';
import { dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';

const REMOTE = /^([a-z][a-z0-9+.-]*:\/\/|git@)/i;

export const remoteAdd = dockerfileRule({
  id: 'CS831',
  title: 'ADD of a remote URL',
  severity: Severity.WARNING,
  description: 'Warns when an ADD instruction (in any stage) fetches a remote source (http(s)://, git URL, git@host:repo) without `--checksum`.',
  rationale: 'ADD downloads whatever the URL serves at build time, unverified: a compromised or changed server changes the image without a change to the Dockerfile, and the download is not cached by content.',
  fix: 'Pin the content: `ADD --checksum=sha256:<digest> <url> <dest>`, or download in a RUN that verifies a checksum or signature (`curl -fsSLo f <url> && echo "<sha256>  f" | sha256sum -c`), ideally in a build stage.',
  references: ['CIS Docker 4.9'],
}, df => df.instructions
  .filter(i => i.keyword === 'ADD' && !i.flags.some(f => f.name === 'checksum'))
  .flatMap(i => {
    // With a heredoc, the sources and the destination are on the first line; the body is file content.
    const head = /<<-?["']?[A-Za-z_]/.test(i.expanded) ? i.expanded.split('\n')[0] : i.expanded;
    const words = wordsOf(head).filter(w => !w.startsWith('<<'));
    const remote = words.slice(0, -1).filter(w => REMOTE.test(w));
    return remote.length > 0 ? [{ at: i, message: `ADD fetches ${remote.map(u => `"${redact(u)}"`).join(', ')} without --checksum` }] : [];
  }));

/** The URL without a user:password part (the rule never prints a credential). */
function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}
