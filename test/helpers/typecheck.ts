import { join } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './doc-blocks.js';

/** A source file that exists only in memory, at a path inside the repository. */
export interface VirtualFile {
  /** Relative to the repository root (for example `.doc-blocks/README-12.ts`). */
  readonly path: string;
  readonly text: string;
}

/** The repository's compiler options (tsconfig.json: strict, NodeNext, 'overseer' -> src). */
function repoOptions(): ts.CompilerOptions {
  const file = join(repoRoot, 'tsconfig.json');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repoRoot, undefined, file);
  return { ...parsed.options, noEmit: true, types: ['node'] };
}

/**
 * Type-checks in-memory files as if they were part of the repository, with its compiler
 * options. Returns one message per error, `path:line:col message`.
 */
export function typecheck(files: readonly VirtualFile[]): string[] {
  const options = repoOptions();
  const byPath = new Map(files.map((f) => [join(repoRoot, f.path), f.text]));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (p) => byPath.has(p) || fileExists.call(host, p);
  host.readFile = (p) => byPath.get(p) ?? readFile.call(host, p);
  host.getSourceFile = (p, language, ...rest) => {
    const text = byPath.get(p);
    if (text === undefined) return getSourceFile.call(host, p, language, ...rest);
    return ts.createSourceFile(p, text, language, true);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || byPath.has(d.file.fileName))
    .map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return message;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.slice(repoRoot.length)}:${line + 1}:${character + 1} ${message}`;
    });
}
