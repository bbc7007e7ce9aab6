// Split `helm template` output into its documents, each with the template path from its `# Source:` header.

export interface SourcedDocument {
  source: string;
  text: string;
}

const header = /^# Source: (.+)$/m;

export function splitManifests(stdout: string): SourcedDocument[] {
  const docs: SourcedDocument[] = [];
  for (const chunk of stdout.split(/^---[ \t]*$/m)) {
    const text = chunk.replace(/^\n/, '');
    if (text.trim() === '') continue;
    const m = header.exec(text);
    docs.push({ source: m ? m[1]!.trim() : '', text: m ? text.slice(m.index + m[0].length + 1) : text });
  }
  return docs;
}
