export { renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { type MermaidDiagram, mermaidDiagrams, renderMermaid } from './mermaid.js';
export { citationText, renderText, type TextOptions } from './text.js';
