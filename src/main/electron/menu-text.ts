/** The File menu's words, in the languages the window speaks (the window's are in src/renderer/src/i18n). */
export const MENU_TEXT = {
  en: {
    file: 'File',
    openRecording: 'Open Recording…',
    toggleRecording: 'Start or Stop Recording',
    pickTitle: 'Open a Forkscope recording',
    recordings: 'Forkscope recordings',
    cannotReplay: 'This file cannot be replayed',
    recording: 'Recording',
  },
  'zh-CN': {
    file: '文件',
    openRecording: '打开录制…',
    toggleRecording: '开始或停止录制',
    pickTitle: '打开 Forkscope 录制文件',
    recordings: 'Forkscope 录制文件',
    cannotReplay: '此文件无法回放',
    recording: '录制',
  },
} as const;
export type MenuText = { readonly [K in keyof (typeof MENU_TEXT)['en']]: string };

/** The person's chosen language, else the system's (a locale such as zh-Hans-CN or en-GB), else English. */
export function menuText(chosen: string | null, systemLocale: string): MenuText {
  const language = chosen ?? (/^zh(-|$)/i.test(systemLocale) ? 'zh-CN' : 'en');
  return language === 'zh-CN' ? MENU_TEXT['zh-CN'] : MENU_TEXT.en;
}
