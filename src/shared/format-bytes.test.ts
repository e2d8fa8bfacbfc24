import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('uses binary units, one decimal under 10, and a dash for unreadable', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MiB');
    expect(formatBytes(1536, { compact: true })).toBe('1.5K');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(null, { compact: true })).toBe('-');
  });
});
