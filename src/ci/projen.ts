// A projen component for app repos: `new SecurityWorkflow(project, { buildImage: 'ghcr.io/acme/api' })`
// in .projenrc.ts writes .github/workflows/cdk8s-secure.yml. Import it from 'cdk8s-secure/lib/ci/projen';
// it needs projen, which every projen project has (this library does not depend on it at run time).
// projen is the user's build tool, present in every project that loads this file; not a dependency of the library.
// eslint-disable-next-line import/no-extraneous-dependencies
import { Component, Project, TextFile } from 'projen';
import { findDockerfiles, WorkflowOptions, workflowYaml } from './_workflow';

/**
 * Options of the projen component: the same as `cdk8s-secure workflow`.
 */
export interface SecurityWorkflowOptions extends WorkflowOptions {
  /** Where to write the workflow. @default '.github/workflows/cdk8s-secure.yml' */
  readonly path?: string;
}

/** Writes the cdk8s-secure GitHub Actions workflow as a projen-managed file. */
export class SecurityWorkflow extends Component {
  public readonly file: TextFile;

  constructor(project: Project, options: SecurityWorkflowOptions = {}) {
    super(project);
    this.file = new TextFile(project, options.path ?? '.github/workflows/cdk8s-secure.yml', {
      // The Dockerfiles in the project get a check job unless the options list them.
      lines: workflowYaml({ ...options, dockerfiles: options.dockerfiles ?? findDockerfiles(project.outdir) }).trimEnd().split('\n'),
      readonly: true,
    });
  }
}
