import { shellRecipe } from './shell/index.ts';
import { ansibleRecipe } from './ansible/index.ts';
import type { Recipe } from './types.ts';

/** The recipes' settings (SHELL_RECIPE_SCRIPT, ANSIBLE_PLAYBOOK, ANSIBLE_EXTRA_PLAYBOOKS). */
export interface RecipeSettings {
  shellRecipeScript?: string;
  ansiblePlaybook: string;
  ansibleExtraPlaybooks: string[];
}

/** The recipes a product runs, each built once from its settings. */
export function createRecipes(settings: RecipeSettings): (name: string) => Recipe {
  let shell: Recipe | null = null;
  let ansible: Recipe | null = null;
  return (name) => {
    if (name === 'shell') return (shell ??= shellRecipe(settings.shellRecipeScript));
    if (name === 'ansible') return (ansible ??= ansibleRecipe({ playbook: settings.ansiblePlaybook, extraPlaybooks: settings.ansibleExtraPlaybooks }));
    throw new Error(`The ${name} recipe is not available yet; use the ansible or shell recipe (DEFAULT_RECIPE).`);
  };
}

// Set by the composition root (product.ts) at start-up; steps and services look recipes up here.
let recipes: ((name: string) => Recipe) | null = null;

export function useRecipes(lookup: ((name: string) => Recipe) | null): void {
  recipes = lookup;
}

export function recipeFor(name: string): Recipe {
  if (!recipes) throw new Error('no recipes: the product sets them at start-up');
  return recipes(name);
}

/** GETs a path on the app server directly (not through the load balancer) with the LMS Host header. */
export async function checkHttp(
  server: { publicIp: string | null; httpPort: number },
  host: string,
  path: string,
  basicAuth?: { user: string; password: string },
  timeoutMs = 10_000,
): Promise<string | null> {
  if (!server.publicIp) return 'the server has no address';
  const headers: Record<string, string> = { host };
  if (basicAuth) headers.authorization = `Basic ${Buffer.from(`${basicAuth.user}:${basicAuth.password}`).toString('base64')}`;
  try {
    const res = await fetch(`http://${server.publicIp}:${server.httpPort}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.arrayBuffer().catch(() => {});
    return res.status < 400 ? null : `${path} answered ${res.status}`;
  } catch (e) {
    return `${path} unreachable (${(e as Error).message})`;
  }
}
