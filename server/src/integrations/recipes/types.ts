export interface RecipeContext {
  appServer: {
    id: string;
    number: number;
    name: string;
    internalLmsDomain: string;
    internalStudioDomain: string;
    internalPreviewDomain: string;
    openedxRelease: string;
    email: string;
    configurationSourceRepoUrl: string;
    configurationVersion: string;
  };
  server: { publicIp: string | null; httpPort: number };
  settingsYaml: string;
  basicAuth: { user: string; password: string };
}

/** How an app server is provisioned (SPEC.md §7.1). Only files and commands; the pipeline runs them. */
export interface Recipe {
  readonly name: 'shell' | 'ansible' | 'tutor';
  files(ctx: RecipeContext): { path: string; content: string; mode?: number }[];
  /** Shell command run by the detached runner in the working directory. */
  readonly command: string;
  services(action: 'start' | 'stop'): string | null;
  readonly heartbeatPath: string;
  readonly smokeChecks: string[];
}
