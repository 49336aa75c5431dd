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

/** The host of a URL for display, or the text itself when it is not a URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
