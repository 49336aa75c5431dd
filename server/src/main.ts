import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
import { logger } from './logger.ts';
import { startProduct, StartupError } from './product.ts';

loadDotEnv();
let product: Awaited<ReturnType<typeof startProduct>>;
try {
  product = await startProduct(loadConfig());
} catch (e) {
  if (e instanceof ConfigError || e instanceof StartupError) {
    console.error(`Cannot start: ${e.message}`);
    process.exit(1);
  }
  throw e;
}

let stopping = false;
// SIGHUP too: a closed terminal would otherwise end the server without stopping its Postgres.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info(`${signal}: stopping (again to force)`);
    product.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (e) => {
        logger.error('stopped with an error', { error: (e as Error).message });
        process.exit(1);
      },
    );
  });
}
