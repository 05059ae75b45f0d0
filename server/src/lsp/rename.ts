import type { Range, TextEdit } from 'vscode-languageserver';
import type { Model, Target } from '../names/model';
import { FUNCTIONS } from '../names/functions';
import { DECLARATION_WORDS } from '../syntax/tokens';
import { occurrenceAt, occurrencesOf, targetName } from './targets';
import type { DocumentAnalysis } from './workspace-analysis';

/** A rename the server refuses, with the reason shown to the user. */
export class RenameRefused extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Words that are not reserved but would change how a line reads if a name became one: a
// declaration keyword at the start of a line, `task`/`shaping` before an item, the words of a
// machine statement, the temporal operators inside `ltl`, the type names.
const KEYWORDS = new Set([
  'true', 'false', 'if', 'then', 'else', 'in',
  ...DECLARATION_WORDS,
  'task', 'shaping', 'when', 'otherwise', 'initial', 'terminal', 'accept', 'reject',
  'X', 'WX', 'F', 'G', 'U', 'R', 'W', 'bool', 'number', 'int', 'enum',
  // Version 2: `clip [` and `replace ... when` start item lines, `default` follows a source
  // path, `vector[` is a type, `prev(` reads the last step, and a bare `pi` is the constant.
  'clip', 'replace', 'default', 'vector', 'prev', 'pi',
]);

/** The range of the name under the cursor and its text, or a refusal (keywords, numbers, built-ins). */
export function prepareRename(a: DocumentAnalysis, offset: number): { range: Range; placeholder: string } {
  const o = occurrenceAt(a.analysis.model, offset);
  if (!o) {
    const word = wordAt(a.analysis.text, offset);
    throw new RenameRefused(word && KEYWORDS.has(word) ? `'${word}' is a keyword of the language and cannot be renamed.` : 'Only the name of a declaration, a machine state or an enum member can be renamed.');
  }
  if (o.target.kind === 'function') throw new RenameRefused(`'${o.target.name}' is a built-in function and cannot be renamed.`);
  if (o.target.kind === 'declaration') {
    const d = a.analysis.model.declarations.get(o.target.name);
    // An external prop reads the label of its own name (LANGUAGE.md section 3): a new name would read another label.
    if (d?.kind === 'prop' && !d.body) throw new RenameRefused(`'${o.target.name}' is an external prop: it reads the label '${o.target.name}' of each record, so a new name would read another label and the trajectories would no longer match. Rename the label in the data too, then the prop.`);
  }
  return { range: a.lines.range(o.span), placeholder: targetName(o.target) };
}

/** The edits that rename every occurrence of the name under the cursor; refuses names that collide. */
export function rename(a: DocumentAnalysis, offset: number, newName: string): TextEdit[] {
  const model = a.analysis.model;
  prepareRename(a, offset);
  const target = occurrenceAt(model, offset)!.target;
  if (!NAME.test(newName)) throw new RenameRefused(`'${newName}' is not a name: a name is a letter or '_' followed by letters, digits or '_'.`);
  if (KEYWORDS.has(newName)) throw new RenameRefused(`'${newName}' is a keyword of the language: choose another name.`);
  if (newName === targetName(target)) return [];
  const collision = collides(model, target, newName);
  if (collision) throw new RenameRefused(collision);
  if (FUNCTIONS.has(newName)) throw new RenameRefused(`'${newName}' is a built-in function: choose another name.`);
  const edits = occurrencesOf(model, target).map((o) => ({ range: a.lines.range(o.span), newText: newName }));
  // A signal or action without a source path reads the field of its own name: the rename writes
  // that path out, so the data it reads stays the same.
  const old = targetName(target);
  const d = target.kind === 'declaration' ? model.declarations.get(old) : undefined;
  if ((d?.kind === 'signal' || d?.kind === 'action') && !d.source) {
    const end = d.span.end;
    edits.push({ range: a.lines.range({ start: end, end }), newText: ` = ${old}` });
  }
  return edits;
}

/** Why `newName` cannot take the place of `target`'s name, if it cannot. */
function collides(model: Model, target: Target, newName: string): string | undefined {
  const members = enumMembers(model);
  switch (target.kind) {
    case 'declaration': {
      const other = model.declarations.get(newName);
      if (other) return `'${newName}' is already declared (${other.kind}, line ${model.file.text.slice(0, other.name.span.start).split('\n').length}): names are unique in a file.`;
      const owner = members.get(newName);
      // A declaration takes precedence over a bare enum member, so the member's uses would change meaning.
      if (owner) return `'${newName}' is a member of enum '${owner}': a declaration of that name would hide the member where it is written bare.`;
      return undefined;
    }
    case 'state': {
      const m = model.machines.find((x) => x.name === target.machine);
      if (m?.states.includes(newName)) return `Machine '${target.machine}' already has a state '${newName}'.`;
      return undefined;
    }
    case 'member': {
      const t = model.declType(target.owner);
      if (t.kind === 'enum' && t.members.includes(newName)) return `Enum '${target.owner}' already has a member '${newName}'.`;
      if (model.declarations.has(newName)) return `'${newName}' is declared in this file: a bare '${newName}' would mean the declaration, not the member.`;
      return undefined;
    }
    default:
      return 'Built-in functions cannot be renamed.';
  }
}

function enumMembers(model: Model): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of [...model.signals, ...model.actions]) {
    if (s.type?.kind === 'enum') for (const m of s.type.members) out.set(m.text, s.name.text);
  }
  return out;
}

function wordAt(text: string, offset: number): string | undefined {
  let s = offset;
  let e = offset;
  while (s > 0 && /[A-Za-z0-9_]/.test(text[s - 1])) s--;
  while (e < text.length && /[A-Za-z0-9_]/.test(text[e])) e++;
  return s < e ? text.slice(s, e) : undefined;
}
