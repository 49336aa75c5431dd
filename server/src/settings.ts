import type { Config } from './config.ts';

// The parsed configuration, set once at start-up; services read it from here.
let current: Config | null = null;

export function setConfig(config: Config): void {
  current = config;
}

export function config(): Config {
  if (!current) throw new Error('configuration not loaded');
  return current;
}
