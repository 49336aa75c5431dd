import { pool, type Queryable } from '../db.ts';
import { appServerNumbersOfDeployment } from '../data/app-servers.ts';
import { queuePosition as positionInQueue } from '../data/deployments.ts';

/** 1 for the next deployment to start, 2 for the one after…; null once started, cancelled or finished. */
export function queuePosition(deploymentId: string): Promise<number | null> {
  return positionInQueue(pool, deploymentId);
}

/** A deployment as the console shows it: by its app servers' names ("AppServer 3"), not its uuid. */
export function deploymentName(appServers: { number: number | null }[]): string {
  const numbers = appServers.map((a) => a.number).filter((n) => n !== null);
  if (numbers.length === 0) return 'Deployment';
  return `Deployment of AppServer${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}`;
}

/** The name of a deployment for log lines, read inside the caller's transaction. */
export async function deploymentLabel(client: Queryable, deploymentId: string): Promise<string> {
  return deploymentName(await appServerNumbersOfDeployment(client, deploymentId));
}
