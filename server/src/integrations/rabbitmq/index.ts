export { RabbitMqError, type RabbitMqErrorKind } from './errors.ts';
export {
  checkRabbitMqName,
  rabbitMqPasswordMatches,
  RabbitMqManagementClient,
  type RabbitMqAdminCredentials,
  type RabbitMqClientOptions,
  type RabbitMqPermissions,
  type RabbitMqUserInfo,
} from './client.ts';
export {
  brokerSettings,
  deprovisionRabbitMq,
  LEDGER_KIND_RABBITMQ_USER,
  LEDGER_KIND_RABBITMQ_VHOST,
  provisionRabbitMq,
  type RabbitMqBrokerAddress,
  type RabbitMqCallOptions,
  type RabbitMqDeprovisionResult,
  type RabbitMqInstanceBroker,
  type RabbitMqProvisionResult,
} from './provision.ts';
