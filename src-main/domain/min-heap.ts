/** A binary min-heap of node numbers: plan order decides among steps free at the same time. */
export class MinHeap {
  private readonly items: number[] = [];
  push(value: number): void {
    const items = this.items;
    let i = items.push(value) - 1;
    for (let parent = (i - 1) >> 1; i > 0 && items[parent]! > value; i = parent, parent = (i - 1) >> 1) {
      [items[i], items[parent]] = [items[parent]!, value];
    }
  }
  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length === 0) return top;
    items[0] = last;
    for (let i = 0, child = 1; child < items.length; i = child, child = 2 * i + 1) {
      if (child + 1 < items.length && items[child + 1]! < items[child]!) child++;
      if (items[child]! >= last) break;
      [items[i], items[child]] = [items[child]!, last];
    }
    return top;
  }
}
