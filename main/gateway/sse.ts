// Incremental server-sent-events parser (WHATWG "event stream interpretation").
// Bytes may be split anywhere: inside a UTF-8 sequence, inside a field name, or between the CR and LF of a CRLF.
import type { SseEvent } from './types';

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  /** The previous chunk ended with CR: a LF at the start of the next chunk belongs to the same line break. */
  private skipLeadingLf = false;
  private atStreamStart = true;
  private data = '';
  private hasData = false;
  private eventType: string | null = null;
  private id: string | null = null;

  constructor(private readonly emit: (event: SseEvent) => void) {}

  push(chunk: Uint8Array | string): void {
    this.feed(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
  }

  /**
   * End of stream. An unterminated last line may be cut mid-way and is dropped. Unlike the spec (which drops the
   * whole pending event), complete lines of an event that lacks only its closing blank line are dispatched:
   * recorded streams end that way (OpenAI's transcription example) and that last event carries the usage.
   */
  end(): void {
    this.feed(this.decoder.decode());
    this.carry = '';
    this.dispatch();
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (this.atStreamStart) {
      this.atStreamStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.skipLeadingLf) {
      this.skipLeadingLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const s = this.carry.length ? this.carry + text : text;
    let pos = 0;
    for (;;) {
      const lf = s.indexOf('\n', pos);
      const cr = s.indexOf('\r', pos);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      this.line(s.slice(pos, end));
      if (end === cr) {
        if (end + 1 < s.length) pos = s.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
        else {
          pos = end + 1;
          this.skipLeadingLf = true;
        }
      } else pos = end + 1;
    }
    this.carry = pos === 0 ? s : s.slice(pos);
  }

  private line(line: string): void {
    if (line.length === 0) {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' comment, e.g. ": OPENROUTER PROCESSING" */) return;
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      default: // "retry" and unknown fields are ignored
    }
  }

  private dispatch(): void {
    if (this.hasData) this.emit({ event: this.eventType || null, data: this.data, id: this.id });
    this.resetEvent();
  }

  private resetEvent(): void {
    this.data = '';
    this.hasData = false;
    this.eventType = null;
    this.id = null;
  }
}
