import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Recipe, RecipeContext } from '../types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Runs a shell script (SHELL_RECIPE_SCRIPT, or the bundled demo site) for development and tests. */
export function shellRecipe(scriptFile?: string): Recipe {
  const script = readFileSync(scriptFile ?? path.join(here, 'demo.sh'), 'utf8');
  const server = readFileSync(path.join(here, 'serve.mjs'), 'utf8');
  return {
    name: 'shell',
    command: `bash runner.sh bash -c 'set -a; . ./recipe.env; set +a; exec bash recipe.sh'`,
    heartbeatPath: '/heartbeat',
    smokeChecks: ['/heartbeat', '/'],
    // Scripts that install no services.sh have nothing to start or stop.
    services: (action) => `if [ -f services.sh ]; then bash services.sh ${action}; else echo "no services installed"; fi`,
    files(ctx: RecipeContext) {
      const env: Record<string, string> = {
        IM_INSTANCE_NAME: ctx.appServer.name,
        IM_APP_SERVER_NAME: `AppServer ${ctx.appServer.number}`,
        IM_APP_SERVER_ID: ctx.appServer.id,
        IM_LMS_DOMAIN: ctx.appServer.internalLmsDomain,
        IM_STUDIO_DOMAIN: ctx.appServer.internalStudioDomain,
        IM_OPENEDX_RELEASE: ctx.appServer.openedxRelease,
        IM_HTTP_PORT: String(ctx.server.httpPort),
        // The Node binary running this process (Node 24 from node_modules) serves the demo site.
        IM_NODE: process.execPath,
        IM_SETTINGS_FILE: 'settings.yml',
      };
      return [
        { path: 'recipe.sh', content: script, mode: 0o755 },
        { path: 'serve.mjs', content: server },
        { path: 'settings.yml', content: ctx.settingsYaml, mode: 0o600 },
        {
          path: 'recipe.env',
          content:
            Object.entries(env)
              .map(([k, v]) => `${k}=${shellQuote(v)}`)
              .join('\n') + '\n',
          mode: 0o600,
        },
      ];
    },
  };
}
