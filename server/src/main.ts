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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
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
