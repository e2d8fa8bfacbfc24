import { describe, expect, it } from 'vitest';
import { MENU_TEXT, menuText } from './menu-text';

describe('the File menu words', () => {
  it('follow the language chosen in settings, else the system locale', () => {
    expect(menuText('zh-CN', 'en-US').file).toBe('文件');
    expect(menuText('en', 'zh-CN').file).toBe('File');
    expect(menuText(null, 'zh-Hans-CN').openRecording).toBe('打开录制…');
    expect(menuText(null, 'de-DE').openRecording).toBe('Open Recording…');
  });

  it('exist in both languages', () => {
    expect(Object.keys(MENU_TEXT['zh-CN'])).toEqual(Object.keys(MENU_TEXT.en));
  });
});
