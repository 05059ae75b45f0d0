// A diagnostic's code links to its page in docs/diagnostics/. VS Code opens a file link as
// editable Markdown source; the page is meant to be read, so the link runs a command that
// opens it in the Markdown preview instead (hover and Problems panel open command links).

export const OPEN_PAGE_COMMAND = 'rewardsmith.openDiagnosticPage';

/** The command link for a page link (a file: URI of a .md page); other links stay as they are. */
export function pageLink(href: string): string {
  if (!/^file:\/\/.*\.md$/i.test(href)) return href;
  return `command:${OPEN_PAGE_COMMAND}?${encodeURIComponent(JSON.stringify([href]))}`;
}
