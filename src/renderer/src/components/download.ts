/** Saves the text (whole, or in pieces) through the browser's download, which Electron turns into a save dialog. */
export function download(name: string, type: string, text: string | string[]): void {
  const url = URL.createObjectURL(new Blob(typeof text === 'string' ? [text] : text, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
