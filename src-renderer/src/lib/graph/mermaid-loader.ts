import type { Mermaid } from 'mermaid';

let loading: Promise<Mermaid> | undefined;
let renders = 0;

/** Mermaid, loaded on first use (it is large) and rendered in the browser: nothing leaves the machine. */
function loadMermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then(({ default: mermaid }) => {
    mermaid.initialize({
      startOnLoad: false,
      // strict: labels are sanitised and click handlers in the diagram text are ignored.
      securityLevel: 'strict',
      maxTextSize: 400_000,
      maxEdges: 5_000,
      flowchart: { useMaxWidth: false },
    });
    return mermaid;
  });
  return loading;
}

export function prefersDark(): boolean {
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/** SVG markup for a diagram, themed for the current light or dark setting. */
export async function renderMermaid(text: string, dark = prefersDark()): Promise<string> {
  const mermaid = await loadMermaid();
  const themed = `%%{init: {"theme": "${dark ? 'dark' : 'default'}"}}%%\n${text}`;
  const { svg } = await mermaid.render(`planbox-graph-${++renders}`, themed);
  return svg;
}
