import type { Readable } from 'node:stream';
import { extract as tarExtract, type Header, type Pack } from 'tar-stream';

/** What pack.entry takes: a name and whichever other fields matter. */
export type EntryHeader = Partial<Header> & { name: string };

/** Adds one entry (a buffer's content, or none for directories and symlinks); resolves once packed. */
export function addEntry(pack: Pack, header: EntryHeader, content?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (content) pack.entry(header, content, done);
    else pack.entry(header, done);
  });
}

export interface ArchiveEntry {
  header: Header;
  /**
   * The entry's bytes, one chunk at a time. Read it to the end or not at all (what is left unread is
   * skipped); breaking out of it part way destroys the archive.
   */
  body: AsyncIterable<Buffer>;
}

/**
 * Walks a tar stream entry by entry, one at a time, so an archive of any size passes through in
 * bounded memory. The handler's errors and the source's errors both end the walk.
 */
export async function forEachEntry(
  source: NodeJS.ReadableStream | Readable,
  handler: (entry: ArchiveEntry) => Promise<void> | void,
): Promise<void> {
  const extract = tarExtract();
  source.on('error', (error: Error) => extract.destroy(error));
  source.pipe(extract as unknown as NodeJS.WritableStream);
  try {
    for await (const entry of extract) {
      await handler({ header: entry.header, body: entry as unknown as AsyncIterable<Buffer> });
      // Drain what the handler did not read: the next header comes after this entry's data.
      for await (const _chunk of entry) void _chunk;
    }
  } catch (error) {
    // Nothing reads the source any more: close it rather than leave the connection hanging.
    (source as Partial<Readable>).destroy?.();
    throw error;
  }
}

/**
 * The whole body of an entry, or null when it is over `limit` bytes. Reads to the end either way:
 * leaving an entry's iterator early destroys it, and with it the archive.
 */
export async function readBody(body: AsyncIterable<Buffer>, limit = Infinity): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/** Archive names as Docker writes them ("workspace/a/b", "./x", "dir/"), as plain relative paths. */
export function normalizeEntryName(name: string): string {
  return name.replace(/^\.\//, '').replace(/\/+$/, '');
}
