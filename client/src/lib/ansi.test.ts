import { describe, expect, it } from 'vitest';
import { ansiToSegments, stripAnsi } from './ansi.js';

describe('ANSI log lines', () => {
  it('keeps plain text as one unstyled segment', () => {
    expect(ansiToSegments('ok: [vm-1]')).toEqual([{ text: 'ok: [vm-1]', style: '' }]);
  });

  it('colours the text after an SGR code and resets on 0', () => {
    expect(ansiToSegments('\x1b[0;32mok\x1b[0m done')).toEqual([
      { text: 'ok', style: 'color: #5db85b' },
      { text: ' done', style: '' },
    ]);
  });

  it('understands bold, bright, 256-colour and true-colour codes', () => {
    expect(ansiToSegments('\x1b[1;91mfatal')[0].style).toBe('color: #ff6e6b; font-weight: bold');
    expect(ansiToSegments('\x1b[38;5;196mred')[0].style).toBe('color: rgb(255, 0, 0)');
    expect(ansiToSegments('\x1b[48;2;1;2;3mbg')[0].style).toBe('background-color: rgb(1, 2, 3)');
  });

  it('drops other escape sequences and never leaves a stray ESC', () => {
    expect(ansiToSegments('\x1b[2Kprogress\x1b]0;title\x07 50%\x1b')).toEqual([{ text: 'progress 50%', style: '' }]);
    expect(stripAnsi('\x1b[31m<b>not html</b>\x1b[0m')).toBe('<b>not html</b>');
  });

  it('merges neighbouring segments of the same style', () => {
    expect(ansiToSegments('\x1b[33ma\x1b[33mb')).toEqual([{ text: 'ab', style: 'color: #e5b84b' }]);
  });
});
