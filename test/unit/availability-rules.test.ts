import { describe, expect, it } from 'vitest';
import {
  availabilityUrls,
  recordActivationWatchRun,
  shouldRollBack,
  startActivationWatch,
  trackAvailability,
  type AvailabilityEvent,
  type UrlAvailabilityState,
} from '../../server/src/domain/availability.ts';

/** Runs a sequence of check outcomes ('x' failed, '.' passed) through the tracker; the events, as letters. */
function events(sequence: string, alertAfter = 2): string {
  let state: UrlAvailabilityState | undefined;
  let out = '';
  for (const c of sequence) {
    const step = trackAvailability(state, { ok: c === '.' }, alertAfter);
    state = step.state;
    out += letter(step.event);
  }
  return out;
}

function letter(event: AvailabilityEvent): string {
  return event === null ? '-' : event.kind === 'alert' ? 'A' : 'R';
}

describe('availability alerts per URL', () => {
  it.each([
    // checks    events     why
    ['x', '-', 'one failure is a blip'],
    ['xx', '-A', 'the second failure in a row alerts'],
    ['xxxxx', '-A---', 'an outage alerts once, however long'],
    ['xxx.', '-A-R', 'the first pass after an alert brings one recovery'],
    ['xxx..', '-A-R-', 'only one recovery'],
    ['x.x.x.', '------', 'failures that never reach the threshold say nothing, not even a recovery'],
    ['xx.xx.', '-AR-AR', 'a new outage after a recovery alerts again'],
    ['....', '----', 'a healthy site is quiet'],
  ])('%s gives %s (%s)', (sequence, expected) => {
    expect(events(sequence)).toBe(expected);
  });

  it.each([
    ['x', 1, 'A'],
    ['xxx.', 3, '--AR'],
    ['xx.xxx', 3, '-----A'],
  ])('%s with AVAILABILITY_ALERT_AFTER_FAILURES=%i gives %s', (sequence, alertAfter, expected) => {
    expect(events(sequence, alertAfter)).toBe(expected);
  });

  it('counts the failures into the alert and resets on a pass', () => {
    const first = trackAvailability(undefined, { ok: false });
    expect(first.state).toEqual({ consecutiveFailures: 1, alerted: false });
    const second = trackAvailability(first.state, { ok: false });
    expect(second).toEqual({ state: { consecutiveFailures: 2, alerted: true }, event: { kind: 'alert', consecutiveFailures: 2 } });
    expect(trackAvailability(second.state, { ok: true })).toEqual({ state: { consecutiveFailures: 0, alerted: false }, event: { kind: 'recovered' } });
  });

  it('refuses a threshold that is not a positive integer', () => {
    expect(() => trackAvailability(undefined, { ok: false }, 0)).toThrow(RangeError);
  });
});

describe('rollback after an automatic switch', () => {
  const switchedAt = new Date('2026-11-30T12:00:00Z');
  const at = (minutes: number) => new Date(switchedAt.getTime() + minutes * 60_000);
  const options = { watchMinutes: 10 };

  /** Runs `[minute, ok]` pairs through the watch and asks at `nowMinute`. */
  function decide(runs: [number, boolean][], nowMinute: number, automatic = true): boolean {
    let state = startActivationWatch(switchedAt, automatic);
    for (const [minute, ok] of runs) state = recordActivationWatchRun(state, { at: at(minute), ok }, options);
    return shouldRollBack(state, at(nowMinute), options);
  }

  it.each([
    // runs (minute after the switch, passed?)    now   roll back?  why
    [
      [
        [5, false],
        [10, false],
      ],
      10,
      true,
      'two failed runs in a row inside the window',
    ],
    [
      [
        [1, false],
        [2, false],
      ],
      2,
      true,
      'quick failures right after the switch',
    ],
    [[[5, false]], 5, false, 'one failure is not enough'],
    [
      [
        [3, false],
        [5, true],
        [8, false],
      ],
      8,
      false,
      'a pass in between breaks the run',
    ],
    [
      [
        [3, false],
        [5, true],
        [8, false],
        [9, false],
      ],
      9,
      true,
      'a later run of two still counts',
    ],
    [
      [
        [-5, false],
        [5, false],
      ],
      5,
      false,
      'a failure before the switch belongs to the old app servers',
    ],
    [
      [
        [9, false],
        [11, false],
      ],
      11,
      false,
      'the second failure came after the watch ended',
    ],
    [
      [
        [5, false],
        [10, false],
      ],
      12,
      false,
      'the watch is over when asked: the switch stands',
    ],
  ] as [[number, boolean][], number, boolean, string][])('%j asked at minute %i → %s (%s)', (runs, now, expected) => {
    expect(decide(runs, now)).toBe(expected);
  });

  it('never rolls back an operator’s own activation', () => {
    expect(
      decide(
        [
          [5, false],
          [6, false],
        ],
        6,
        false,
      ),
    ).toBe(false);
  });

  it('rolls back once', () => {
    let state = startActivationWatch(switchedAt, true);
    state = recordActivationWatchRun(state, { at: at(1), ok: false }, options);
    state = recordActivationWatchRun(state, { at: at(2), ok: false }, options);
    expect(shouldRollBack(state, at(2), options)).toBe(true);
    state = { ...state, rolledBack: true };
    state = recordActivationWatchRun(state, { at: at(3), ok: false }, options);
    expect(shouldRollBack(state, at(3), options)).toBe(false);
  });

  it('takes the number of failures to roll back as an option', () => {
    let state = startActivationWatch(switchedAt, true);
    for (const m of [1, 2]) state = recordActivationWatchRun(state, { at: at(m), ok: false }, options);
    expect(shouldRollBack(state, at(2), { ...options, failuresToRollBack: 3 })).toBe(false);
    state = recordActivationWatchRun(state, { at: at(3), ok: false }, options);
    expect(shouldRollBack(state, at(3), { ...options, failuresToRollBack: 3 })).toBe(true);
  });
});

describe('watched URLs', () => {
  it('are the three sites and the LMS extended heartbeat, over HTTPS', () => {
    expect(availabilityUrls({ lms: 'demo.example.com', studio: 'studio-demo.example.com', preview: 'preview-demo.example.com' })).toEqual([
      'https://demo.example.com/',
      'https://studio-demo.example.com/',
      'https://preview-demo.example.com/',
      'https://demo.example.com/heartbeat?extended',
    ]);
  });
});
