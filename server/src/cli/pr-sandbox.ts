// `im setup-pr-sandbox <url>` (SPEC §10.2, §14): the same service as the API's
// setupExternalPrSandbox, run from the database side with this process as a short-lived
// producer of jobs; the workers deploy it.
import { resolveSecrets, type Config } from '../config.ts';
import { connectDb, disconnectDb } from '../db.ts';
import { UserInputError } from '../auth/users.ts';
import { setGitHub } from '../github.ts';
import { composeGitHub } from '../product.ts';
import { startQueue, stopQueue } from '../queue.ts';
import { configureSecrets } from '../secrets.ts';
import { setConfig } from '../settings.ts';
import { setupExternalPrSandbox } from '../services/pr-sandboxes.ts';

export async function setupPrSandboxFromCli(rawConfig: Config, databaseUrl: string, prUrl: string): Promise<string> {
  const config = resolveSecrets(rawConfig);
  setConfig(config);
  configureSecrets(config.secretsEncryptionKey!, config.secretsEncryptionOldKeys);
  const github = composeGitHub(config);
  if (!github) throw new UserInputError('GitHub is not configured: set GITHUB_ACCESS_TOKEN or the GitHub App settings.');
  setGitHub(github);
  connectDb(databaseUrl, 3);
  try {
    await startQueue(databaseUrl);
    const instanceId = await setupExternalPrSandbox(null, prUrl).catch((e) => {
      throw new UserInputError(e instanceof Error ? e.message : String(e));
    });
    return `Sandbox ${Buffer.from(`Instance:${instanceId}`).toString('base64')} (${instanceId}) set up; the workers deploy it.`;
  } finally {
    await stopQueue();
    setGitHub(null);
    await disconnectDb();
  }
}
