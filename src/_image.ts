/** The parts of an OCI image reference. */
export interface ImageRef {
  /** Registry host (with port), `docker.io` when the reference names none. */
  readonly registry: string;
  /** Repository path without registry, e.g. `library/nginx` or `team/api`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** True when the reference named its registry explicitly. */
  readonly explicitRegistry: boolean;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;

/**
 * Parses an image reference (`[registry/]path[:tag][@digest]`) following the OCI distribution grammar.
 * Returns a string describing the problem when the reference is malformed.
 */
export function parseImage(ref: string): ImageRef | string {
  if (typeof ref !== 'string' || ref.length === 0) return 'the image reference is empty';
  if (ref.length > 4096) return 'the image reference is longer than 4096 characters';
  if (/\s/.test(ref)) return 'the image reference contains white space';
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return `"${digest}" is not a valid digest (expected e.g. sha256:<64 hex digits>)`;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return `"${tag}" is not a valid tag (letters, digits, _ . -; at most 128 characters)`;
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  let explicitRegistry = false;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || /[A-Z]/.test(parts[0]) || parts[0].startsWith('['))) {
    registry = parts.shift()!;
    explicitRegistry = true;
    if (!HOST.test(registry)) return `"${registry}" is not a valid registry host`;
  }
  if (parts.length === 0 || parts.some(p => !COMPONENT.test(p))) {
    return `"${parts.join('/')}" is not a valid repository name (lower-case letters, digits and separators . _ - between /)`;
  }
  const repository = !explicitRegistry && parts.length === 1 ? `library/${parts[0]}` : parts.join('/');
  return { registry, repository, tag, digest, explicitRegistry };
}

/** True when `ref` is served by one of `registries` (host, or host/path prefix). */
export function inRegistries(ref: ImageRef, registries: string[]): boolean {
  const full = `${ref.registry}/${ref.repository}`;
  return registries.some(r => {
    const prefix = r.replace(/\/+$/, '');
    return full === prefix || full.startsWith(prefix + '/') || ref.registry === prefix;
  });
}
