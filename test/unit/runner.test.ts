import { describe, expect, it } from 'vitest';
import { levelOfLine, splitLines } from '../../server/src/integrations/remote/runner.ts';
import { redactor } from '../../server/src/logs.ts';

describe('recipe output', () => {
  it('splits complete lines and leaves a partial one for the next read', () => {
    const { lines, consumed } = splitLines(Buffer.from('Oone\nEtwo\nOpart'));
    expect(lines).toEqual(['Oone', 'Etwo']);
    expect(consumed).toBe(10);
  });

  it('keeps multi-byte characters whole', () => {
    expect(splitLines(Buffer.from('Oé→ ok\n')).lines).toEqual(['Oé→ ok']);
  });

  it('logs stderr and Ansible failures as errors, the rest as info', () => {
    expect(levelOfLine('Ehello')).toEqual({ level: 'ERROR', text: 'hello' });
    expect(levelOfLine('Ofatal: [localhost]: FAILED!')).toEqual({ level: 'ERROR', text: 'fatal: [localhost]: FAILED!' });
    expect(levelOfLine('O\x1b[31mfailed: [host]\x1b[0m').level).toBe('ERROR');
    expect(levelOfLine('OERROR! the playbook could not be found').level).toBe('ERROR');
    expect(levelOfLine('Ook: [localhost]')).toEqual({ level: 'INFO', text: 'ok: [localhost]' });
  });

  it('replaces every secret with ***', () => {
    const redact = redactor(['s3cr3t-value', 'abc', 'another-secret']);
    expect(redact('pass=s3cr3t-value and another-secret, abc stays')).toBe('pass=*** and ***, abc stays');
  });
});
