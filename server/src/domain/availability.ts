// The rules that turn availability check results into alerts and rollbacks (SPEC §9.7, §16).
// Pure: the caller stores the states and acts on the answers.

export const DEFAULT_ALERT_AFTER_FAILURES = 2;
export const DEFAULT_ROLLBACK_AFTER_FAILURES = 2;

/** What is remembered of one monitored URL between checks. */
export interface UrlAvailabilityState {
  consecutiveFailures: number;
  /** An alert went out for the current run of failures (so a recovery message is owed). */
  alerted: boolean;
}

export type AvailabilityEvent = { kind: 'alert'; consecutiveFailures: number } | { kind: 'recovered' } | null;

export const INITIAL_URL_STATE: UrlAvailabilityState = Object.freeze({ consecutiveFailures: 0, alerted: false });

/**
 * One check's outcome applied to a URL's state. The alert goes out once, on the check that makes
 * the run of failures reach `alertAfterFailures`; further failures stay quiet; the first pass after
 * an alert brings one recovery message. A pass that follows unalerted failures says nothing: a
 * blip below the threshold was never reported.
 */
export function trackAvailability(
  previous: UrlAvailabilityState | null | undefined,
  result: { ok: boolean },
  alertAfterFailures: number = DEFAULT_ALERT_AFTER_FAILURES,
): { state: UrlAvailabilityState; event: AvailabilityEvent } {
  if (!Number.isInteger(alertAfterFailures) || alertAfterFailures < 1) {
    throw new RangeError(`alertAfterFailures must be a positive integer, got ${alertAfterFailures}`);
  }
  const prev = previous ?? INITIAL_URL_STATE;
  if (result.ok) {
    return { state: { consecutiveFailures: 0, alerted: false }, event: prev.alerted ? { kind: 'recovered' } : null };
  }
  const consecutiveFailures = prev.consecutiveFailures + 1;
  if (!prev.alerted && consecutiveFailures >= alertAfterFailures) {
    return { state: { consecutiveFailures, alerted: true }, event: { kind: 'alert', consecutiveFailures } };
  }
  return { state: { consecutiveFailures, alerted: prev.alerted }, event: null };
}

/**
 * The activation watch after an automatic switch: counts consecutive failed availability runs of
 * the instance (a run fails when any of its URLs failed) from the switch on, for a bounded time.
 */
export interface ActivationWatchState {
  switchedAt: Date;
  /** Only automatic switches are rolled back; an operator's activation is theirs to undo. */
  automatic: boolean;
  consecutiveFailures: number;
  /** Set once a rollback was decided, so a second failing run does not roll back twice. */
  rolledBack: boolean;
}

export interface ActivationWatchOptions {
  /** ACTIVATION_WATCH_MINUTES. */
  watchMinutes: number;
  /** Failed runs in a row that roll back; SPEC §16 says two. */
  failuresToRollBack?: number;
}

export function startActivationWatch(switchedAt: Date, automatic: boolean): ActivationWatchState {
  return { switchedAt, automatic, consecutiveFailures: 0, rolledBack: false };
}

function watchEndsAt(state: ActivationWatchState, watchMinutes: number): number {
  return state.switchedAt.getTime() + watchMinutes * 60_000;
}

/**
 * One availability run applied to the watch. Runs from before the switch or after the window are
 * ignored: failures of the old app servers, or long after the switch, are not the new ones' fault.
 */
export function recordActivationWatchRun(state: ActivationWatchState, run: { at: Date; ok: boolean }, options: ActivationWatchOptions): ActivationWatchState {
  const at = run.at.getTime();
  if (at < state.switchedAt.getTime() || at > watchEndsAt(state, options.watchMinutes)) return state;
  return { ...state, consecutiveFailures: run.ok ? 0 : state.consecutiveFailures + 1 };
}

/** Whether the previous app servers should come back now. */
export function shouldRollBack(state: ActivationWatchState, now: Date, options: ActivationWatchOptions): boolean {
  if (!state.automatic || state.rolledBack) return false;
  if (now.getTime() < state.switchedAt.getTime() || now.getTime() > watchEndsAt(state, options.watchMinutes)) return false;
  return state.consecutiveFailures >= (options.failuresToRollBack ?? DEFAULT_ROLLBACK_AFTER_FAILURES);
}

/** The public URLs watched for an instance (SPEC §9.7): the three sites and the LMS extended heartbeat. */
export function availabilityUrls(domains: { lms: string; studio: string; preview: string }, scheme: 'https' | 'http' = 'https'): string[] {
  return [`${scheme}://${domains.lms}/`, `${scheme}://${domains.studio}/`, `${scheme}://${domains.preview}/`, `${scheme}://${domains.lms}/heartbeat?extended`];
}
