// What a pattern of the `rewardsmith.trajectories` setting means: `**`, `*`, `?` and `{a,b}`,
// over `/`-separated paths (Node 20 has no fs.glob). The server reads the setting to complete
// source paths, the client to find the preview's files: one reading for both.

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

const escape = (s: string) => s.replace(/[.+^$()|[\]\\{}*?]/g, '\\$&');

/** The folder a glob can be searched from: its segments before the first wildcard. */
export function globBase(glob: string): string {
  const parts = glob.split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?{]/.test(p)) break;
    fixed.push(p);
  }
  return fixed.join('/') || (glob.startsWith('/') ? '/' : '.');
}
