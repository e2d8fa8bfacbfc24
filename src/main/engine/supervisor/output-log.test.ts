import { describe, expect, it } from 'vitest';
import { OutputLog } from './output-log';

describe('OutputLog', () => {
  it('keeps the newest output within the character limit, even from one huge chunk', () => {
    const log = new OutputLog({ maxChars: 10 });
    log.append('stdout', 'abcdef');
    log.append('stderr', 'ghijkl');
    expect(log.text()).toBe('ghijkl');
    log.append('stdout', '0123456789ABCDEF');
    expect(log.text()).toBe('6789ABCDEF');
    expect(log.droppedChars).toBe(18);
  });

  it('keeps at most N lines and tells the streams apart', () => {
    const log = new OutputLog({ maxLines: 2 });
    for (const line of ['one\n', 'two\n', 'three\n']) log.append('stdout', line);
    log.append('stderr', 'oops\n');
    expect(log.text()).toBe('three\noops\n');
    expect(log.text('stderr')).toBe('oops\n');
  });

  it('does not break a character split between two reads', () => {
    const log = new OutputLog();
    const bytes = Buffer.from('é→', 'utf8');
    log.append('stdout', bytes.subarray(0, 1));
    log.append('stdout', bytes.subarray(1));
    expect(log.text()).toBe('é→');
  });
});
