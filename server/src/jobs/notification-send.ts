import { notificationSend } from '../queue.ts';
import { notifyActivated, notifyAppServerFailed, notifyDeploymentOutcome } from '../services/notifications.ts';
import { handle } from './handlers.ts';

/** Sends a notification raised inside a transaction, once it committed (SPEC §9.7); never fails. */
export const notificationSendHandler = handle(notificationSend, async ({ kind, deploymentId, appServerId, previousAppServerId }) => {
  switch (kind) {
    case 'deploymentOutcome':
      if (deploymentId) await notifyDeploymentOutcome(deploymentId);
      return;
    case 'deploymentCancelled':
      if (deploymentId) await notifyDeploymentOutcome(deploymentId, true);
      return;
    case 'appServerFailed':
      if (appServerId) await notifyAppServerFailed(appServerId);
      return;
    case 'activated':
      if (appServerId) await notifyActivated(appServerId, previousAppServerId);
      return;
  }
});
