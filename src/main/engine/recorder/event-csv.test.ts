import { describe, expect, it } from 'vitest';
import { useOpenedSynthetic } from './__fixtures__/opened-synthetic';
import { csvText, eventsToCsv } from './event-csv';

const opened = useOpenedSynthetic();

/** A small RFC 4180 parser, to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('eventsToCsv', () => {
  it('writes the event log with offsets, types, pids, names, parents and details, quoted where needed', () => {
    const csv = eventsToCsv(opened());
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['time_offset_ms', 'type', 'pid', 'name', 'ppid', 'details']);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    expect(csv).toContain('\r\n2000,started,4242,sleep,100,"sleep --flag, ""quoted"""\r\n');
    expect(rows).toContainEqual([
      '3000',
      'action supervisor:kill',
      '4242',
      '',
      '',
      '{"pid":4242,"startTime":42002,"tree":false} -> failed (no-such-process): process 4242 (sleep) has exited',
    ]);
    // Supervisor events carry no ppid: it comes from the table.
    expect(rows).toContainEqual(['4000', 'exited', '4242', 'sleep', '100', 'signal SIGTERM after 2000 ms']);
    expect(rows).toContainEqual(['4000', 'signaled', '4242', 'sleep', '100', 'SIGTERM: delivered']);
    expect(rows).toContainEqual(['7000', 'became-zombie', '301', 'sleep', '300', 'parent 300 has not reaped it']);
    expect(rows).toContainEqual(['9000', 'orphaned', '401', 'sleep', '1', 'former parent orphan-maker 400']);
    expect(rows).toContainEqual(['13000', 'zombie-reaped', '301', 'sleep', '1', 'reaped by 1 after 6000 ms as a zombie']);
    expect(rows).toContainEqual(['3000', 'queue-started', '', 'experiment 3', '', '{"producers":2}']);
    // Table plumbing is not in the log.
    expect(rows.some((r) => ['sample', 'system', 'keyframe', 'queue-metrics'].includes(r[1]!))).toBe(false);
  });

  it('quotes commas, quotes and line breaks, and keeps a spreadsheet from running a name as a formula', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('-rf')).toBe("'-rf");
    expect(parseCsv(`${['x', csvText('a,"b"\r\nc')].join(',')}\r\n`)).toEqual([['x', 'a,"b"\r\nc']]);
  });
});
