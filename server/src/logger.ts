// Process log (stdout). Provisioning output goes to LogEntry rows, not here.
type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = 'info';
let format: 'json' | 'pretty' = 'pretty';

export function configureLogger(opts: { level: Level; format: 'json' | 'pretty' }): void {
  threshold = opts.level;
  format = opts.format;
}

function emit(level: Level, msg: string, context?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  const line =
    format === 'json'
      ? JSON.stringify({ time: new Date().toISOString(), level, msg, ...context })
      : `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${context ? ' ' + JSON.stringify(context) : ''}`;
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const logger = {
  debug: (msg: string, ctx?: Record<string, unknown>) => emit('debug', msg, ctx),
  info: (msg: string, ctx?: Record<string, unknown>) => emit('info', msg, ctx),
  warn: (msg: string, ctx?: Record<string, unknown>) => emit('warn', msg, ctx),
  error: (msg: string, ctx?: Record<string, unknown>) => emit('error', msg, ctx),
};
