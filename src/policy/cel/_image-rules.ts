import { CelRule } from './_rule';
import { POD_TARGET } from './_targets';

// The image rules parse an OCI reference in the checker (src/_image.ts). CEL has no parser, so the same
// grammar is written as RE2 regular expressions, built from the same pieces:
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
/** A first path component that the parser does not take for a registry (no '.', ':' or upper case). */
const COMPONENT_NO_DOT = '[a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*';
const HOST = '(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = '[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}';
/**
 * `[registry/]path`: with more than one component the first is a registry host or a plain component;
 * a single component is the repository.
 */
const NAME = `(?:(?:${HOST}|${COMPONENT_NO_DOT})(?:/${COMPONENT})+|${COMPONENT})`;

/** A valid reference with a tag or a digest (CS206 passes). */
export const IMAGE_TAGGED = `^${NAME}(?::${TAG}(?:@${DIGEST})?|@${DIGEST})$`;
/** A valid reference with the tag "latest" and no digest (CS207 fails). */
export const IMAGE_LATEST = `^${NAME}:latest$`;
/** A valid reference without a digest (CS208 reports). */
export const IMAGE_NO_DIGEST = `^${NAME}(?::${TAG})?$`;

const MAX = 'size(c.image) <= 4096';
const quoted = (re: string) => `'${re.replace(/\\/g, '\\\\')}'`;

export const IMAGE_CEL_RULES: CelRule[] = [
  {
    id: 'CS206',
    target: POD_TARGET,
    validations: [`variables.allContainers.all(c, has(c.image) && ${MAX} && c.image.matches(${quoted(IMAGE_TAGGED)}))`],
  },
  {
    id: 'CS207',
    target: POD_TARGET,
    validations: [`variables.allContainers.all(c, !(has(c.image) && ${MAX} && c.image.matches(${quoted(IMAGE_LATEST)})))`],
  },
  {
    id: 'CS208',
    target: POD_TARGET,
    validations: [`variables.allContainers.all(c, !(has(c.image) && ${MAX} && c.image.matches(${quoted(IMAGE_NO_DIGEST)})))`],
  },
];
