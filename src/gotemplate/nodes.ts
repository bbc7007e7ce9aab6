// Parse-tree nodes of Go text/template (mirrors text/template/parse/node.go). Every node prints itself back as
// template source with Go-identical `toString()`, which is what error contexts and parser tests rely on.

import { quote } from './strconv.js';

/** The parsed template a node belongs to: its source text and the name of the top-level parse (for positions). */
export interface TreeRef {
  name: string;
  parseName: string;
  text: string;
}

export abstract class Node {
  constructor(
    readonly pos: number,
    readonly tree: TreeRef,
  ) {}
  abstract toString(): string;
}

export class ListNode extends Node {
  readonly nodes: Node[] = [];
  override toString(): string {
    return this.nodes.map((n) => n.toString()).join('');
  }
}

export class TextNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return this.text;
  }
}

export class CommentNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return `{{${this.text}}}`;
  }
}

export class PipeNode extends Node {
  isAssign = false;
  readonly decl: VariableNode[] = [];
  readonly cmds: CommandNode[] = [];
  constructor(
    pos: number,
    tree: TreeRef,
    readonly line: number,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    let s = '';
    if (this.decl.length > 0) s = this.decl.map((v) => v.toString()).join(', ') + (this.isAssign ? ' = ' : ' := ');
    return s + this.cmds.map((c) => c.toString()).join(' | ');
  }
}

export class ActionNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return `{{${this.pipe}}}`;
  }
}

export class CommandNode extends Node {
  readonly args: Node[] = [];
  override toString(): string {
    return this.args.map((a) => (a instanceof PipeNode ? `(${a})` : a.toString())).join(' ');
  }
}

export class IdentifierNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly ident: string,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return this.ident;
  }
}

/** `$x` or `$x.Field.Other`: ident[0] is the variable (with `$`), the rest are fields. */
export class VariableNode extends Node {
  readonly ident: string[];
  constructor(pos: number, tree: TreeRef, ident: string) {
    super(pos, tree);
    this.ident = ident.split('.');
  }
  override toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends Node {
  override toString(): string {
    return '.';
  }
}

export class NilNode extends Node {
  override toString(): string {
    return 'nil';
  }
}

/** `.A.B.C`; the leading period is dropped from each identifier. */
export class FieldNode extends Node {
  readonly ident: string[];
  constructor(pos: number, tree: TreeRef, ident: string) {
    super(pos, tree);
    this.ident = ident.slice(1).split('.');
  }
  override toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

/** A term followed by field accesses: `(pipeline).A.B`. */
export class ChainNode extends Node {
  readonly fields: string[] = [];
  constructor(
    pos: number,
    tree: TreeRef,
    readonly node: Node,
  ) {
    super(pos, tree);
  }
  add(field: string): void {
    this.fields.push(field.slice(1));
  }
  override toString(): string {
    const head = this.node instanceof PipeNode ? `(${this.node})` : this.node.toString();
    return head + this.fields.map((f) => '.' + f).join('');
  }
}

export class BoolNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly value: boolean,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return this.value ? 'true' : 'false';
  }
}

/** A numeric constant held under every Go type that can represent it (Go's ideal constants). */
export class NumberNode extends Node {
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  complex: [number, number] = [0, 0];
  constructor(
    pos: number,
    tree: TreeRef,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return this.text;
  }
}

export class StringNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly quoted: string,
    readonly text: string,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return this.quoted;
  }
}

/** `{{end}}`: returned by the parser's item list, never stored in a tree. */
export class EndNode extends Node {
  override toString(): string {
    return '{{end}}';
  }
}

/** `{{else}}`: returned by the parser's item list, never stored in a tree. */
export class ElseNode extends Node {
  override toString(): string {
    return '{{else}}';
  }
}

export abstract class BranchNode extends Node {
  abstract readonly keyword: 'if' | 'range' | 'with';
  constructor(
    pos: number,
    tree: TreeRef,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | undefined,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    const elsePart = this.elseList ? `{{else}}${this.elseList}` : '';
    return `{{${this.keyword} ${this.pipe}}}${this.list}${elsePart}{{end}}`;
  }
}

export class IfNode extends BranchNode {
  readonly keyword = 'if';
}

export class RangeNode extends BranchNode {
  readonly keyword = 'range';
}

export class WithNode extends BranchNode {
  readonly keyword = 'with';
}

export class BreakNode extends Node {
  override toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends Node {
  override toString(): string {
    return '{{continue}}';
  }
}

export class TemplateNode extends Node {
  constructor(
    pos: number,
    tree: TreeRef,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | undefined,
  ) {
    super(pos, tree);
  }
  override toString(): string {
    return `{{template ${quote(this.name)}${this.pipe ? ' ' + this.pipe.toString() : ''}}}`;
  }
}
