import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextEdit } from './edit-region';

/** The open documents: text and version per URI, kept up to date by incremental changes. */
export class Documents {
  private readonly docs = new Map<string, TextDocument>();

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.docs.set(uri, doc);
    return doc;
  }

  /**
   * Applies changes in order (full or ranged); unknown documents are ignored. Returns the
   * document and the edits as offsets, each in the text the change before it left (a full
   * replacement is one edit of the whole text).
   */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): { doc: TextDocument; edits: TextEdit[] } | undefined {
    let doc = this.docs.get(uri);
    if (!doc) return undefined;
    const edits: TextEdit[] = [];
    for (const c of changes) {
      if ('range' in c && c.range) edits.push({ start: doc.offsetAt(c.range.start), end: doc.offsetAt(c.range.end), text: c.text });
      else edits.push({ start: 0, end: doc.getText().length, text: c.text });
      doc = TextDocument.update(doc, [c], version);
    }
    if (changes.length === 0) doc = TextDocument.update(doc, [], version);
    this.docs.set(uri, doc);
    return { doc, edits };
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  all(): readonly TextDocument[] {
    return [...this.docs.values()];
  }
}
