import { DfInstruction } from '../../../dockerfile/model';
import { DockerfileRawFinding, dockerfileRule } from '../../../dockerfile/rule';
import { Severity } from '../../finding';
import { credentialReason } from '../secrets/_credentials';

/**
 * Stands in for the value of an ARG declared without one, so that `credentialReason` judges the name
 * alone: it matches no credential format, is not a boolean, a number or a path, and is not random-looking.
 */
const VALUE_GIVEN_AT_BUILD_TIME = 'value-given-at-build-time';
/** A value that only copies a variable (`${NPM_TOKEN}`). */
const VARIABLE_ONLY = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

export const credentialsInEnvOrArg = dockerfileRule({
  id: 'CS832',
  title: 'Credential in ENV or ARG',
  severity: Severity.ERROR,
  description: 'Fails when an ENV or ARG (in any stage, or before the first FROM) has a value whose name (*_KEY, *PASSWORD*, *TOKEN*, *SECRET*) or value (known key formats, URLs with a password, high entropy) looks like a credential; the same heuristic as CS401. Warns when an ARG without a default has a credential name: its value would come from --build-arg. Findings name the variable, never the value.',
  rationale: 'ENV values are stored in the image config (docker inspect shows them to anyone who can pull the image); ARG values passed or defaulted at build time are recorded in the image history and build provenance; both are in the Dockerfile in git when written there.',
  fix: 'Pass build-time secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=npm_token ...` and `docker build --secret id=npm_token,env=NPM_TOKEN`), and give runtime secrets to the container from a Kubernetes Secret or a secret manager (ExternalSecret), never from the image.',
  references: ['Guide: avoid hard-coding secrets', 'CIS Docker 4.10', 'Dockle: CIS-DI-0010'],
}, df => df.instructions
  .filter(i => i.keyword === 'ENV' || i.keyword === 'ARG')
  .flatMap(i => i.properties.flatMap(p => {
    const base = { at: i as DfInstruction, path: `${i.path}.${p.name}`, line: p.line, column: p.column };
    if (p.value === undefined) {
      if (i.keyword !== 'ARG' || !credentialReason(p.name, VALUE_GIVEN_AT_BUILD_TIME)) return [];
      return [{
        ...base,
        severity: Severity.WARNING,
        message: `ARG ${p.name} is a build argument whose name says it holds a credential: a value passed with --build-arg is recorded in the image history and build provenance`,
      } as DockerfileRawFinding];
    }
    const why = credentialReason(p.name, p.value);
    if (!why) return [];
    const message = i.keyword === 'ARG'
      ? `ARG ${p.name} has a default value written in the Dockerfile, and ${why}`
      : VARIABLE_ONLY.test(p.value)
        ? `ENV ${p.name} copies ${p.value} into the image config, and ${why}`
        : `ENV ${p.name} is set to a literal value stored in the image config, and ${why}`;
    return [{ ...base, message } as DockerfileRawFinding];
  })));
