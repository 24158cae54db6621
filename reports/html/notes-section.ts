// A list of notes as a report section: what a merge could not do exactly, said where the figures are read.

import { escapeHtml } from './escape.js';

export function renderNotesSection(title: string, notes: readonly string[]): string {
  if (notes.length === 0) return '';
  return `<h2>${escapeHtml(title)}</h2>\n<ul class="notes">\n${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('\n')}\n</ul>`;
}
