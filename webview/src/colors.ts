import type { ItemKind } from '../../protocol/preview';

// Colours come from VS Code's theme variables (the report defines the same variables), read
// when drawing so that a theme switch only needs a redraw.

export interface Theme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  readonly highContrast: boolean;
  readonly red: string;
  readonly green: string;
  readonly blue: string;
  readonly yellow: string;
  readonly orange: string;
  readonly purple: string;
  readonly font: string;
}

export function readTheme(): Theme {
  const s = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
  return {
    foreground: v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc')),
    muted: v('--vscode-descriptionForeground', '#9d9d9d'),
    grid: v('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    background: v('--vscode-editor-background', '#1f1f1f'),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
    red: v('--vscode-charts-red', '#f14c4c'),
    green: v('--vscode-charts-green', '#89d185'),
    blue: v('--vscode-charts-blue', '#3794ff'),
    yellow: v('--vscode-charts-yellow', '#cca700'),
    orange: v('--vscode-charts-orange', '#d18616'),
    purple: v('--vscode-charts-purple', '#b180d7'),
    font: `${v('--vscode-font-size', '13px')} ${v('--vscode-font-family', 'sans-serif')}`,
  };
}

/**
 * One colour per component: the task in blues and purples, auxiliaries in warm colours,
 * shaping in green, so that the kind reads at a glance; repeats fade.
 */
export function componentColors(kinds: readonly ItemKind[], t: Theme): string[] {
  const cycles: Record<ItemKind, string[]> = { task: [t.blue, t.purple], auxiliary: [t.orange, t.yellow, t.red], shaping: [t.green] };
  const seen: Record<ItemKind, number> = { task: 0, auxiliary: 0, shaping: 0 };
  return kinds.map((k) => {
    const n = seen[k]++;
    const c = cycles[k];
    return withAlpha(c[n % c.length], n < c.length ? 1 : 0.6);
  });
}

/** Variant colours: distinct from each other, the first the strongest. */
export function variantColors(n: number, t: Theme): string[] {
  const c = [t.blue, t.orange, t.green, t.purple, t.yellow, t.red];
  return Array.from({ length: n }, (_, i) => withAlpha(c[i % c.length], i < c.length ? 1 : 0.6));
}

/** Categorical colours for machine states. */
export function stateColors(n: number, t: Theme): string[] {
  const c = [t.blue, t.purple, t.orange, t.yellow, t.green, t.red];
  return Array.from({ length: n }, (_, i) => withAlpha(c[i % c.length], i < c.length ? 0.85 : 0.5));
}

/** A CSS colour with its alpha scaled, drawn through a canvas so any CSS colour syntax works. */
export function withAlpha(color: string, alpha: number): string {
  if (alpha >= 1) return color;
  const ctx = scratch();
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const parsed = ctx.fillStyle; // '#rrggbb' or 'rgba(...)'
  if (parsed.startsWith('#')) {
    const r = parseInt(parsed.slice(1, 3), 16);
    const g = parseInt(parsed.slice(3, 5), 16);
    const b = parseInt(parsed.slice(5, 7), 16);
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const m = /rgba?\(([^,]+),([^,]+),([^,)]+)(?:,([^)]+))?\)/.exec(parsed);
  if (!m) return color;
  const a0 = m[4] === undefined ? 1 : Number(m[4]);
  return `rgba(${m[1].trim()}, ${m[2].trim()}, ${m[3].trim()}, ${a0 * alpha})`;
}

function scratch(): CanvasRenderingContext2D {
  return document.createElement('canvas').getContext('2d')!;
}
