/**
 * A step's output as kept for the record: the first half of the cap and the last half, with the
 * count of bytes dropped between them. A command that prints 100 MB must not make Planbox hold
 * 100 MB, so nothing past the cap is ever retained: the tail is trimmed on every append.
 */
export class OutputBuffer {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private peak = 0;

  constructor(readonly capBytes: number) {
    const cap = Math.max(0, Math.floor(capBytes));
    this.headCap = Math.floor(cap / 2);
    this.tailCap = cap - this.headCap;
  }

  append(data: Buffer | string): void {
    let chunk = typeof data === 'string' ? Buffer.from(data) : data;
    const headRoom = this.headCap - this.headBytes;
    if (headRoom > 0) {
      // Copies, never views: a view would pin the engine's whole (possibly large) read buffer.
      const taken = Buffer.from(chunk.subarray(0, headRoom));
      this.head.push(taken);
      this.headBytes += taken.length;
      chunk = chunk.subarray(taken.length);
    }
    if (chunk.length > 0) this.appendToTail(chunk);
    this.peak = Math.max(this.peak, this.retainedBytes);
  }

  private appendToTail(chunk: Buffer): void {
    if (chunk.length >= this.tailCap) {
      // The chunk alone fills the tail: everything kept so far in the tail is dropped.
      this.dropped += this.tailBytes + chunk.length - this.tailCap;
      this.tail = this.tailCap > 0 ? [Buffer.from(chunk.subarray(chunk.length - this.tailCap))] : [];
      this.tailBytes = this.tailCap;
      return;
    }
    this.tail.push(Buffer.from(chunk));
    this.tailBytes += chunk.length;
    let excess = this.tailBytes - this.tailCap;
    while (excess > 0) {
      const first = this.tail[0]!;
      if (first.length <= excess) {
        this.tail.shift();
        excess -= first.length;
        this.dropped += first.length;
        this.tailBytes -= first.length;
      } else {
        this.tail[0] = Buffer.from(first.subarray(excess));
        this.dropped += excess;
        this.tailBytes -= excess;
        excess = 0;
      }
    }
  }

  /** Bytes dropped between the head and the tail. */
  get droppedBytes(): number {
    return this.dropped;
  }

  /** Bytes held right now (never more than the cap). */
  get retainedBytes(): number {
    return this.headBytes + this.tailBytes;
  }

  /** The most bytes ever held at once: tests use it to show a flood stayed within the cap. */
  get peakRetainedBytes(): number {
    return this.peak;
  }

  /** The kept text; when bytes were dropped, a marker between head and tail says how many. */
  result(): { text: string; droppedBytes: number } {
    if (this.dropped === 0)
      return { text: Buffer.concat([...this.head, ...this.tail]).toString('utf8'), droppedBytes: 0 };
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    const joinHead = head.endsWith('\n') || head === '' ? '' : '\n';
    return { text: `${head}${joinHead}[... ${this.dropped} bytes dropped ...]\n${tail}`, droppedBytes: this.dropped };
  }
}
