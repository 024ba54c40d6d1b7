import type { Nodes, Parent } from 'mdast';

/**
 * Visits every node below `root` in document order. Iterative rather than recursive: a fuzzed or
 * hostile file can nest lists and quotes thousands deep, and the call stack must not be the limit.
 */
export function walk(root: Nodes, visit: (node: Nodes) => void): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    if ('children' in node) {
      const children = (node as Parent).children;
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
    }
  }
}

/** The readable text of a node: what a reader sees once emphasis, links and code marks are rendered. */
export function plainText(node: Nodes): string {
  let text = '';
  walk(node, (child) => {
    if (child.type === 'text' || child.type === 'inlineCode') text += child.value;
    else if (child.type === 'image') text += child.alt ?? '';
    else if (child.type === 'break') text += ' ';
  });
  return text;
}
