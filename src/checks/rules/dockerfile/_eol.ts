import { ImageRef } from '../../../_image';

/**
 * End-of-life dates of the base images CS815 knows, by release cycle. Reviewed 2026-12-02; a cycle not in
 * the table (a newer release) is never reported. Only dates found in these sources are written:
 * - Alpine Linux: alpinelinux.org/releases ("End of support"), as listed by endoflife.date (products/alpine-linux.md).
 * - Debian: the end of Debian LTS (security updates in the free archive end), from wiki.debian.org/DebianReleases
 *   and wiki.debian.org/LTS as listed by endoflife.date (products/debian.md, column "Debian LTS"). Debian 13 is
 *   not listed yet: no date was found.
 * - Ubuntu: the end of standard security maintenance (Expanded Security Maintenance needs Ubuntu Pro, which
 *   the official images do not carry), from wiki.ubuntu.com/Releases as listed by endoflife.date (products/ubuntu.md).
 * - Node.js: the Node.js Release working group's schedule (github.com/nodejs/Release), as listed by
 *   endoflife.date (products/nodejs.md) for 4-21 and by endoflife.ai's Node.js EOL schedule for 22 and 24.
 * - Python: devguide.python.org/versions (python/devguide include/release-cycle.json) and endoflife.date's
 *   api/python.json (end of the month for 3.9 onwards).
 */
export const EOL_REVIEWED = '2026-12-02';

/** A map from release to date, written as pairs. */
function table(pairs: ReadonlyArray<readonly [string, string]>): Readonly<Record<string, string>> {
  return Object.fromEntries(pairs);
}

/** A product's release cycles and the day each stops getting security fixes. */
interface Product {
  readonly label: string;
  readonly eol: Readonly<Record<string, string>>;
}

const ALPINE: Product = {
  label: 'Alpine Linux',
  eol: table([
    ['3.10', '2021-05-01'], ['3.11', '2021-11-01'], ['3.12', '2022-05-01'], ['3.13', '2022-11-01'],
    ['3.14', '2023-05-01'], ['3.15', '2023-11-01'], ['3.16', '2024-05-23'], ['3.17', '2024-11-22'],
    ['3.18', '2025-05-09'], ['3.19', '2025-11-01'], ['3.20', '2026-04-01'], ['3.21', '2026-11-01'],
    ['3.22', '2027-05-01'], ['3.23', '2027-11-01'],
  ]),
};

const DEBIAN: Product = {
  label: 'Debian',
  eol: table([
    ['8', '2020-06-30'], ['9', '2022-07-01'], ['10', '2024-06-30'], ['11', '2026-08-31'], ['12', '2028-06-10'],
  ]),
};
const DEBIAN_CODENAMES: Readonly<Record<string, string>> = table([
  ['jessie', '8'], ['stretch', '9'], ['buster', '10'], ['bullseye', '11'], ['bookworm', '12'],
]);

const UBUNTU: Product = {
  label: 'Ubuntu',
  eol: table([
    ['14.04', '2019-04-02'], ['16.04', '2021-04-02'], ['18.04', '2023-05-31'], ['18.10', '2019-07-18'],
    ['19.04', '2020-01-23'], ['19.10', '2020-07-06'], ['20.04', '2025-05-31'], ['20.10', '2021-07-22'],
    ['21.04', '2022-01-20'], ['21.10', '2022-07-14'], ['22.04', '2027-04-01'], ['22.10', '2023-07-20'],
    ['23.04', '2024-01-20'], ['23.10', '2024-07-12'], ['24.04', '2029-05-31'], ['24.10', '2025-07-10'],
    ['25.04', '2026-01-17'], ['25.10', '2026-07-01'], ['26.04', '2031-04-30'],
  ]),
};
const UBUNTU_CODENAMES: Readonly<Record<string, string>> = table([
  ['trusty', '14.04'], ['xenial', '16.04'], ['bionic', '18.04'], ['cosmic', '18.10'], ['disco', '19.04'],
  ['eoan', '19.10'], ['focal', '20.04'], ['groovy', '20.10'], ['hirsute', '21.04'], ['impish', '21.10'],
  ['jammy', '22.04'], ['kinetic', '22.10'], ['lunar', '23.04'], ['mantic', '23.10'], ['noble', '24.04'],
  ['oracular', '24.10'], ['plucky', '25.04'], ['questing', '25.10'], ['resolute', '26.04'],
]);

const NODE: Product = {
  label: 'Node.js',
  eol: table([
    ['4', '2018-04-30'], ['5', '2016-06-30'], ['6', '2019-04-30'], ['7', '2017-06-30'], ['8', '2019-12-31'],
    ['9', '2018-06-30'], ['10', '2021-04-30'], ['11', '2019-06-30'], ['12', '2022-04-30'],
    ['13', '2020-06-01'], ['14', '2023-04-30'], ['15', '2021-06-01'], ['16', '2023-09-11'],
    ['17', '2022-06-01'], ['18', '2025-04-30'], ['19', '2023-06-01'], ['20', '2026-04-30'],
    ['21', '2024-06-01'], ['22', '2027-04-30'], ['24', '2028-04-30'],
  ]),
};

const PYTHON: Product = {
  label: 'Python',
  eol: table([
    ['2.7', '2020-01-01'], ['3.3', '2017-09-29'], ['3.4', '2019-03-18'], ['3.5', '2020-09-13'],
    ['3.6', '2021-12-23'], ['3.7', '2023-06-27'], ['3.8', '2024-10-07'], ['3.9', '2025-10-31'],
    ['3.10', '2026-10-31'], ['3.11', '2027-10-31'], ['3.12', '2028-10-31'], ['3.13', '2029-10-31'],
    ['3.14', '2030-10-31'],
  ]),
};

/** One release an image is built on, with its end-of-life date when the table has it. */
export interface Release {
  /** `Node.js 18`, `Debian 11`. */
  readonly name: string;
  readonly eol: string;
}

function release(product: Product, cycle: string | undefined): Release[] {
  if (cycle === undefined || !Object.prototype.hasOwnProperty.call(product.eol, cycle)) return [];
  return [{ name: `${product.label} ${cycle}`, eol: product.eol[cycle] }];
}

/** The distribution a runtime image's tag names (`-alpine3.19`, `-bookworm`, `-slim-bullseye`). */
function variant(tag: string): Release[] {
  const alpine = /(?:^|-)alpine(\d+\.\d+)(?:$|-)/.exec(tag);
  if (alpine) return release(ALPINE, alpine[1]);
  for (const part of tag.split('-')) {
    if (Object.prototype.hasOwnProperty.call(DEBIAN_CODENAMES, part)) return release(DEBIAN, DEBIAN_CODENAMES[part]);
  }
  return [];
}

/** The official image name when `ref` is a Docker Hub `library/` image, or a mirror of one. */
function officialName(ref: ImageRef): string | undefined {
  return /(?:^|\/)library\/([a-z0-9._-]+)$/.exec(ref.repository)?.[1];
}

/**
 * The releases the image is built on that the table knows: the distribution (alpine, debian, ubuntu, a
 * distroless `-debian<N>` image) or the runtime (node, python) and the distribution its tag names. A tag
 * without a version (`latest`, `lts`, `stable`) names no release.
 */
export function releasesOf(ref: ImageRef): Release[] {
  const tag = ref.tag;
  const distroless = /(?:^|\/)distroless\/[a-z0-9._-]+-debian(\d+)$/.exec(ref.repository);
  if (distroless) return release(DEBIAN, distroless[1]);
  if (tag === undefined) return [];
  switch (officialName(ref)) {
    case 'alpine':
      return release(ALPINE, /^(\d+\.\d+)(?:\.\d+)?$/.exec(tag)?.[1]);
    case 'debian': {
      const first = tag.split('-')[0];
      const cycle = /^(\d+)(?:\.\d+)*$/.exec(first)?.[1] ?? DEBIAN_CODENAMES[first];
      return release(DEBIAN, cycle);
    }
    case 'ubuntu': {
      const first = tag.split('-')[0];
      const cycle = /^(\d{2}\.\d{2})(?:\.\d+)?$/.exec(first)?.[1] ?? UBUNTU_CODENAMES[first];
      return release(UBUNTU, cycle);
    }
    case 'node':
      return [...release(NODE, /^(\d+)(?:\.\d+)*(?:$|-)/.exec(tag)?.[1]), ...variant(tag)];
    case 'python':
      return [...release(PYTHON, /^(\d+\.\d+)(?:\.\d+)?(?:[a-z]+\d*)?(?:$|-)/.exec(tag)?.[1]), ...variant(tag)];
    default:
      return [];
  }
}
