import type * as Monaco from 'monaco-editor/editor';
import type { MonacoApi } from './monaco-loader';

/** A problem to underline in the editor; lines and columns count from 1. */
export interface EditorMarker {
  line: number;
  column?: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** Markers as Monaco draws them: from the column (or the line's first character) to the line's end. */
export function toMonacoMarkers(
  monaco: MonacoApi,
  model: Monaco.editor.ITextModel,
  markers: readonly EditorMarker[],
): Monaco.editor.IMarkerData[] {
  const lastLine = model.getLineCount();
  return markers.map((marker) => {
    const line = Math.min(Math.max(1, marker.line), lastLine);
    const end = model.getLineMaxColumn(line);
    const start = marker.column ?? Math.max(1, model.getLineFirstNonWhitespaceColumn(line));
    return {
      severity:
        marker.severity === 'error'
          ? monaco.MarkerSeverity.Error
          : marker.severity === 'warning'
            ? monaco.MarkerSeverity.Warning
            : monaco.MarkerSeverity.Info,
      message: marker.message,
      startLineNumber: line,
      startColumn: Math.min(start, end),
      endLineNumber: line,
      // An empty line still gets a visible mark one character wide.
      endColumn: Math.max(end, Math.min(start, end) + 1),
    };
  });
}
