import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { brokerSettings, provisionRabbitMq, rabbitMqPasswordMatches, RabbitMqError } from '../../server/src/integrations/rabbitmq/index.ts';

const broker = { vhost: 'inst', providerUser: 'prov', providerPassword: 'prov-pass', consumerUser: 'cons', consumerPassword: 'cons-pass' };

describe('RabbitMQ settings and checks', () => {
  it('points Celery and XQueue at the vhost as the provider user, over TLS on the default port', () => {
    expect(brokerSettings({ host: 'rabbit.internal', port: 5671 }, broker)).toEqual({
      EDXAPP_RABBIT_HOSTNAME: 'rabbit.internal:5671',
      EDXAPP_CELERY_USER: 'prov',
      EDXAPP_CELERY_PASSWORD: 'prov-pass',
      EDXAPP_CELERY_BROKER_TRANSPORT: 'amqp',
      EDXAPP_CELERY_BROKER_HOSTNAME: 'rabbit.internal:5671',
      EDXAPP_CELERY_BROKER_VHOST: 'inst',
      EDXAPP_CELERY_BROKER_USE_SSL: true,
      XQUEUE_RABBITMQ_USER: 'prov',
      XQUEUE_RABBITMQ_PASS: 'prov-pass',
      XQUEUE_RABBITMQ_VHOST: 'inst',
      XQUEUE_RABBITMQ_HOSTNAME: 'rabbit.internal',
      XQUEUE_RABBITMQ_PORT: 5671,
      XQUEUE_RABBITMQ_TLS: true,
    });
  });

  it('recognises the broker password hash format (4-byte salt, then the hash of salt and password)', () => {
    const salt = Buffer.from([1, 2, 3, 4]);
    const sha256 = Buffer.concat([salt, createHash('sha256').update(salt).update('pw').digest()]).toString('base64');
    const sha512 = Buffer.concat([salt, createHash('sha512').update(salt).update('pw').digest()]).toString('base64');
    expect(rabbitMqPasswordMatches({ password_hash: sha256, hashing_algorithm: 'rabbit_password_hashing_sha256' }, 'pw')).toBe(true);
    expect(rabbitMqPasswordMatches({ password_hash: sha512, hashing_algorithm: 'rabbit_password_hashing_sha512' }, 'pw')).toBe(true);
    expect(rabbitMqPasswordMatches({ password_hash: sha256, hashing_algorithm: 'rabbit_password_hashing_sha256' }, 'other')).toBe(false);
    expect(rabbitMqPasswordMatches({ password_hash: sha256, hashing_algorithm: 'rabbit_password_hashing_sha512' }, 'pw')).toBe(false);
    expect(rabbitMqPasswordMatches({ password_hash: '', hashing_algorithm: 'rabbit_password_hashing_sha256' }, '')).toBe(false);
  });

  it('refuses empty or control-character names before calling the broker', async () => {
    for (const bad of [
      { ...broker, vhost: '' },
      { ...broker, providerUser: 'a\nb' },
      { ...broker, consumerUser: 'x'.repeat(256) },
    ]) {
      expect(() => brokerSettings({ host: 'h', port: 5671 }, bad)).toThrow(RabbitMqError);
      const error = await provisionRabbitMq({ apiUrl: 'http://127.0.0.1:1', username: 'a', password: 'b' }, bad).catch((e: RabbitMqError) => e);
      expect((error as RabbitMqError).kind).toBe('invalid-name');
    }
  });
});
