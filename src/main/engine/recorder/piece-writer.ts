/** About how many characters an export hands its writer at a time. */
export const EXPORT_PIECE_CHARS = 1024 * 1024;

/** Gathers small strings into pieces of about EXPORT_PIECE_CHARS, so exports write in few calls and never build one string. */
export class PieceWriter {
  private parts: string[] = [];
  private chars = 0;

  constructor(private readonly write: (piece: string) => void) {}

  add(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= EXPORT_PIECE_CHARS) this.flush();
  }

  end(): void {
    this.flush();
  }

  private flush(): void {
    if (this.chars === 0) return;
    const piece = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    this.write(piece);
  }
}
