/** Reads a text/event-stream response event by event, as an SSE client would (comments are skipped). */
export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  comments = 0;

  constructor(res: Response) {
    if (!res.body) throw new Error("no body");
    this.reader = res.body.getReader();
  }

  /** The next event, or null once the server ended the stream; fails after `timeoutMs`. */
  async next(timeoutMs = 10_000): Promise<SseEvent | null> {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = parse(block);
        if (event) return event;
        this.comments++;
        continue;
      }
      let timer: ReturnType<typeof setTimeout> | null = null;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs)));
      const chunk = await Promise.race([this.reader.read(), timeout]).finally(() => timer !== null && clearTimeout(timer));
      if (chunk.done) return null;
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  /** Every event up to the end of the stream. */
  async rest(timeoutMs = 10_000): Promise<SseEvent[]> {
    const out: SseEvent[] = [];
    for (let e = await this.next(timeoutMs); e; e = await this.next(timeoutMs)) out.push(e);
    return out;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

function parse(block: string): SseEvent | null {
  let id: string | null = null;
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (id === null && data.length === 0) return null;
  return { id, event, data: JSON.parse(data.join("\n")) };
}
