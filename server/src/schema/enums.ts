import { builder } from './builder.ts';
import { APP_SERVER_STATES, SERVER_STATES } from '../domain/states.ts';

export const AppServerStatusEnum = builder.enumType('AppServerStatus', { values: Object.keys(APP_SERVER_STATES) as (keyof typeof APP_SERVER_STATES)[] });
export const ServerStatusEnum = builder.enumType('ServerStatus', { values: Object.keys(SERVER_STATES) as (keyof typeof SERVER_STATES)[] });
export const DeploymentStatusEnum = builder.enumType('DeploymentStatus', {
  values: ['QUEUED', 'PROVISIONING', 'HEALTHY', 'UNHEALTHY', 'OFFLINE', 'FAILED', 'CANCELLED'] as const,
});
export const DeploymentTypeEnum = builder.enumType('DeploymentType', { values: ['USER', 'PR', 'ADMIN', 'PERIODIC', 'REGISTRATION', 'BATCH'] as const });
export const InstanceProfileEnum = builder.enumType('InstanceProfile', { values: ['SANDBOX', 'PRODUCTION'] as const });
export const DatabaseModeEnum = builder.enumType('DatabaseMode', { values: ['EPHEMERAL', 'PERSISTENT'] as const });
export const RecipeEnum = builder.enumType('Recipe', {
  values: { ANSIBLE: { value: 'ansible' }, TUTOR: { value: 'tutor' }, SHELL: { value: 'shell' } } as const,
});
export const LogLevelEnum = builder.enumType('LogLevel', { values: ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const });
export const PendingOperationEnum = builder.enumType('PendingOperation', { values: ['TERMINATING'] as const });
