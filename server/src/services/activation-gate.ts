import { pool } from '../db.ts';
import { recordSmokeCheck } from '../data/app-servers.ts';
import { loadInstance } from '../data/instances.ts';
import { runSmokeChecks, type SmokeCheckReport } from '../integrations/monitoring/index.ts';
import { log } from '../logs.ts';
import { basicAuthOf } from '../secrets.ts';
import { config } from '../settings.ts';

/** A failed activation gate, as the API answers it: which checks failed and how. */
export class SmokeCheckFailedError extends Error {
  constructor(readonly report: SmokeCheckReport) {
    super(report.summary);
    this.name = 'SmokeCheckFailedError';
  }
}

/**
 * The activation gate (SPEC §16): the smoke checks against the app server's own address, each
 * internal domain as Host and the instance's basic auth, outside any transaction. The result is
 * kept on the app server and logged there; null when ACTIVATION_SMOKE_CHECKS is off.
 */
export async function smokeCheckAppServer(
  appServer: { id: string; instanceId: string; internalLmsDomain: string; internalStudioDomain: string; internalPreviewDomain: string },
  server: { publicIp: string | null; httpPort: number },
): Promise<SmokeCheckReport | null> {
  const cfg = config();
  if (!cfg.activationSmokeChecks) return null;
  const instance = await loadInstance(pool, appServer.instanceId);
  const auth = instance ? basicAuthOf(instance) : null;
  let report: SmokeCheckReport;
  if (!server.publicIp) {
    report = { ok: false, checks: [], summary: 'Smoke checks failed: the app server has no address' };
  } else {
    report = await runSmokeChecks({
      // The local provider's servers listen on loopback at their own port.
      address: server.publicIp,
      httpPort: server.httpPort,
      domains: { lms: appServer.internalLmsDomain, studio: appServer.internalStudioDomain, preview: appServer.internalPreviewDomain },
      basicAuth: auth ? { username: auth.user, password: auth.password } : undefined,
      timeoutMs: cfg.availabilityCheckTimeout * 1000,
    });
  }
  await recordSmokeCheck(pool, appServer.id, report);
  log.write({ appServerId: appServer.id }, report.ok ? 'INFO' : 'ERROR', report.summary);
  await log.flush();
  return report;
}
