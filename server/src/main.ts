import { ConfigError, loadConfig, loadDotEnv } from './config.ts';
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
    product.stop().then(() => process.exit(0), () => process.exit(1));
  });
}
