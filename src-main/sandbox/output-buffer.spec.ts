import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output-buffer';

describe('OutputBuffer', () => {
  it('keeps everything while under the cap', () => {
    const buffer = new OutputBuffer(100);
    buffer.append('hello ');
    buffer.append(Buffer.from('world\n'));
    expect(buffer.result()).toEqual({ text: 'hello world\n', droppedBytes: 0 });
  });

  it('keeps the first and the last half of the cap and counts what it dropped', () => {
    const buffer = new OutputBuffer(10);
    for (const chunk of ['abc', 'defgh', 'ijklmnop', 'qrstuvwx', 'yz']) buffer.append(chunk);
    const { text, droppedBytes } = buffer.result();
    expect(droppedBytes).toBe(26 - 10);
    expect(text).toBe('abcde\n[... 16 bytes dropped ...]\nvwxyz');
  });

  it('keeps the right tail when one chunk is larger than the whole cap', () => {
    const buffer = new OutputBuffer(8);
    buffer.append('0123456789abcdefghij');
    expect(buffer.result()).toEqual({ text: '0123\n[... 12 bytes dropped ...]\nghij', droppedBytes: 12 });
    buffer.append('XY');
    expect(buffer.result()).toEqual({ text: '0123\n[... 14 bytes dropped ...]\nijXY', droppedBytes: 14 });
  });

  it('never holds more than the cap, however much is appended', () => {
    const cap = 64 * 1024;
    const buffer = new OutputBuffer(cap);
    const chunk = Buffer.alloc(16 * 1024 + 7, 'y');
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      buffer.append(chunk);
      total += chunk.length;
    }
    expect(buffer.peakRetainedBytes).toBe(cap);
    expect(buffer.droppedBytes).toBe(total - cap);
    expect(buffer.result().text.length).toBeLessThan(cap + 100);
  });

  it('does not split a multi-byte character that falls across two chunks when nothing was dropped', () => {
    const bytes = Buffer.from('größe ✓');
    const buffer = new OutputBuffer(1000);
    for (const byte of bytes) buffer.append(Buffer.from([byte]));
    expect(buffer.result().text).toBe('größe ✓');
  });

  it('keeps nothing with a cap of 0 but still counts', () => {
    const buffer = new OutputBuffer(0);
    buffer.append('abc');
    expect(buffer.result()).toEqual({ text: '[... 3 bytes dropped ...]\n', droppedBytes: 3 });
  });
});
