const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}

export function formatTime(value: string): string {
  return time.format(new Date(value));
}

/** Human form of an enum id: CONFIGURING_SERVER → Configuring server. */
export function humanize(id: string): string {
  const words = id.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function instanceHref(id: string): string {
  return `/instances/${encodeURIComponent(id)}`;
}

export function appServerHref(id: string): string {
  return `/app-servers/${encodeURIComponent(id)}`;
}

export function deploymentHref(id: string): string {
  return `/deployments/${encodeURIComponent(id)}`;
}

/** A deployment by its app servers' names ("Deployment of AppServer 3"), as the server's log lines say. */
export function deploymentName(appServers: { number: number | null }[]): string {
  const numbers = appServers.map((a) => a.number).filter((n) => n !== null);
  if (numbers.length === 0) return 'Deployment';
  return `Deployment of AppServer${numbers.length > 1 ? 's' : ''} ${numbers.join(', ')}`;
}

/** The host of a URL for display, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
