import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

/** The open documents: text and version per URI, kept up to date by incremental changes. */
export class Documents {
  private readonly docs = new Map<string, TextDocument>();

  open(uri: string, languageId: string, version: number, text: string): TextDocument {
    const doc = TextDocument.create(uri, languageId, version, text);
    this.docs.set(uri, doc);
    return doc;
  }

  /** Applies changes in order (full or ranged); unknown documents are ignored. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    const updated = TextDocument.update(doc, [...changes], version);
    this.docs.set(uri, updated);
    return updated;
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
