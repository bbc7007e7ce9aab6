// Recursive-descent parser for Go text/template (mirrors text/template/parse/parse.go): one method per grammar rule,
// pipeline → command → operand → term. Produces one Tree per template name (the top level plus every define/block).

import { TemplateError } from './errors.js';
import { ItemType, Lexer, type Item } from './lexer.js';
import {
  ActionNode,
  BoolNode,
  BreakNode,
  ChainNode,
  CommandNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  IfNode,
  ListNode,
  NilNode,
  NumberNode,
  PipeNode,
  RangeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  WithNode,
  type Node,
  type TreeRef,
} from './nodes.js';
import { parseGoFloat, parseGoInteger, quote, unquote, unquoteRune } from './strconv.js';

export interface Tree extends TreeRef {
  root: ListNode;
}

const MAX_STACK_DEPTH = 10000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's item.String(): how a token is named in "unexpected …" messages. */
function itemString(i: Item): string {
  if (i.type === ItemType.EOF) return 'EOF';
  if (i.type === ItemType.Error) return i.val;
  if (i.type > ItemType.Keyword) return `<${i.val}>`;
  const runes = Array.from(i.val);
  if (runes.length > 10) return `${quote(runes.slice(0, 10).join(''))}...`;
  return quote(i.val);
}

/** bytes.TrimSpace's notion of white space (unicode.IsSpace). */
const UNICODE_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** parse.IsEmptyTree: only whitespace text (and comments). */
export function isEmptyTree(n: Node | undefined): boolean {
  if (n === undefined) return true;
  if (n instanceof ListNode) return n.nodes.every(isEmptyTree);
  if (n instanceof TextNode) return UNICODE_SPACE.test(n.text);
  return false;
}

/**
 * Parse `text` as template `name`. Returns every tree it defines (Go's treeSet), applying Go's rule that a second
 * non-empty definition of a name within one parse is an error. `hasFunction` reports FuncMap + builtin names.
 */
export function parseTemplates(name: string, text: string, hasFunction: (name: string) => boolean): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const lexer = new Lexer(name, text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  const p = new Parser(name, name, text, lexer, treeSet, hasFunction);
  p.parseTop();
  return treeSet;
}

class Parser {
  private readonly ref: Tree;
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(
    name: string,
    private readonly parseName: string,
    private readonly text: string,
    private readonly lex: Lexer,
    private readonly treeSet: Map<string, Tree>,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.ref = { name, parseName, text, root: new ListNode(0, { name, parseName, text }) };
  }

  // --- token buffer ---

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.type === ItemType.Space);
    return t;
  }

  private peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // --- errors ---

  private errorf(msg: string): never {
    throw new TemplateError(`template: ${this.parseName}:${this.token[0]?.line ?? 1}: ${msg}`);
  }

  private expect(type: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Item, context: string): never {
    if (t.type === ItemType.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== t.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(t)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(t)} in ${context}`);
  }

  // --- tree set ---

  private add(tree: Tree): void {
    const old = this.treeSet.get(tree.name);
    if (old === undefined || isEmptyTree(old.root)) {
      this.treeSet.set(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) this.errorf(`template: multiple definition of template ${quote(tree.name)}`);
  }

  /** A parser for a nested definition sharing this lexer and token state. */
  private child(name: string): Parser {
    const c = new Parser(name, this.parseName, this.text, this.lex, this.treeSet, this.hasFunction);
    c.token.push(...this.token);
    c.peekCount = this.peekCount;
    return c;
  }

  private adopt(c: Parser): void {
    this.token.length = 0;
    this.token.push(...c.token);
    this.peekCount = c.peekCount;
  }

  parseTop(): void {
    const root = this.newList(this.peek().pos);
    this.ref.root = root;
    while (this.peek().type !== ItemType.EOF) {
      if (this.peek().type === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().type === ItemType.Define) {
          const c = this.child('definition');
          c.parseDefinition();
          this.adopt(c);
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) this.errorf(`unexpected ${n}`);
      root.nodes.push(n);
    }
    this.add(this.ref);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const t = this.nextNonSpace();
    if (t.type !== ItemType.String && t.type !== ItemType.RawString) this.unexpected(t, context);
    this.ref.name = this.unquoteOrFail(t.val);
    this.expect(ItemType.RightDelim, context);
    const [list, end] = this.itemList();
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    this.ref.root = list;
    this.add(this.ref);
  }

  private unquoteOrFail(lit: string): string {
    try {
      return unquote(lit);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  private newList(pos: number): ListNode {
    return new ListNode(pos, this.ref);
  }

  private itemList(): [ListNode, Node] {
    const list = this.newList(this.peekNonSpace().pos);
    while (this.peekNonSpace().type !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n instanceof EndNode || n instanceof ElseNode) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Text:
        return new TextNode(t.pos, this.ref, t.val);
      case ItemType.LeftDelim:
        this.actionLine = t.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.loopControl(t, 'break');
      case ItemType.Continue:
        return this.loopControl(t, 'continue');
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return new EndNode(this.expect(ItemType.RightDelim, 'end').pos, this.ref);
      case ItemType.If:
        return this.control('if');
      case ItemType.Range:
        return this.control('range');
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return this.control('with');
    }
    this.backup();
    const tok = this.peek();
    // Variables declared here persist until the enclosing {{end}}.
    return new ActionNode(tok.pos, this.ref, tok.line, this.pipeline('command', ItemType.RightDelim));
  }

  private loopControl(t: Item, word: 'break' | 'continue'): Node {
    const next = this.nextNonSpace();
    if (next.type !== ItemType.RightDelim) this.unexpected(next, `{{${word}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${word}}} outside {{range}}`);
    return word === 'break' ? new BreakNode(t.pos, this.ref) : new ContinueNode(t.pos, this.ref);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const first = this.peekNonSpace();
    const pipe = new PipeNode(first.pos, this.ref, first.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== ItemType.Variable) break;
      this.next();
      // "$x foo" vs "$x := foo": remember the token adjacent to the variable to push it back if needed.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.type === ItemType.Assign || next.type === ItemType.Declare) {
        pipe.isAssign = next.type === ItemType.Assign;
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, this.ref, v.val));
        this.vars.push(v.val);
      } else if (next.type === ItemType.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(new VariableNode(v.pos, this.ref, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = this.peekNonSpace().type;
          if (t === ItemType.Variable || t === ItemType.RightDelim || t === ItemType.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (tokenAfterVariable.type === ItemType.Space) {
        this.backup3(v, tokenAfterVariable);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.type) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case ItemType.Bool:
        case ItemType.CharConstant:
        case ItemType.Complex:
        case ItemType.Dot:
        case ItemType.Field:
        case ItemType.Identifier:
        case ItemType.Number:
        case ItemType.Nil:
        case ItemType.RawString:
        case ItemType.String:
        case ItemType.Variable:
        case ItemType.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const a = c.args[0];
      if (a instanceof BoolNode || a instanceof DotNode || a instanceof NilNode || a instanceof NumberNode || a instanceof StringNode) {
        this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private control(context: 'if' | 'range' | 'with'): Node {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, ItemType.RightDelim);
      if (context === 'range') this.rangeDepth++;
      let [list, next] = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | undefined;
      if (next instanceof ElseNode) {
        // "else if" / "else with" are parsed as a nested if/with inside the else branch, sharing one {{end}}.
        if ((context === 'if' && this.peek().type === ItemType.If) || (context === 'with' && this.peek().type === ItemType.With)) {
          this.next();
          elseList = this.newList(next.pos);
          elseList.nodes.push(this.control(context));
        } else {
          [elseList, next] = this.itemList();
          if (!(next instanceof EndNode)) this.errorf(`expected end; found ${next}`);
        }
      }
      const Ctor = context === 'if' ? IfNode : context === 'range' ? RangeNode : WithNode;
      return new Ctor(pipe.pos, this.ref, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.type === ItemType.If || peek.type === ItemType.With) return new ElseNode(peek.pos, this.ref);
    return new ElseNode(this.expect(ItemType.RightDelim, 'else').pos, this.ref);
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const c = this.child(name);
    const [list, end] = c.itemList();
    this.adopt(c);
    if (!(end instanceof EndNode)) this.errorf(`unexpected ${end} in ${context}`);
    c.ref.root = list;
    c.add(c.ref);
    return new TemplateNode(t.pos, this.ref, t.line, name, pipe);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return new TemplateNode(t.pos, this.ref, t.line, name, pipe);
  }

  private templateName(t: Item, context: string): string {
    if (t.type !== ItemType.String && t.type !== ItemType.RawString) this.unexpected(t, context);
    return this.unquoteOrFail(t.val);
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this.peekNonSpace().pos, this.ref);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === ItemType.Space) continue;
      if (t.type === ItemType.RightDelim || t.type === ItemType.RightParen) this.backup();
      else if (t.type !== ItemType.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== ItemType.Field) return node;
    const chain = new ChainNode(this.peek().pos, this.ref, node);
    while (this.peek().type === ItemType.Field) chain.add(this.next().val);
    // Fields on a field or variable extend it; on a literal they are a parse error; otherwise keep the chain.
    if (node instanceof FieldNode) return new FieldNode(chain.pos, this.ref, chain.toString());
    if (node instanceof VariableNode) return new VariableNode(chain.pos, this.ref, chain.toString());
    if (node instanceof BoolNode || node instanceof StringNode || node instanceof NumberNode || node instanceof NilNode || node instanceof DotNode) {
      this.errorf(`unexpected . after term ${quote(node.toString())}`);
    }
    return chain;
  }

  private term(): Node | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case ItemType.Identifier:
        if (!this.hasFunction(t.val)) this.errorf(`function ${quote(t.val)} not defined`);
        return new IdentifierNode(t.pos, this.ref, t.val);
      case ItemType.Dot:
        return new DotNode(t.pos, this.ref);
      case ItemType.Nil:
        return new NilNode(t.pos, this.ref);
      case ItemType.Variable:
        return this.useVar(t.pos, t.val);
      case ItemType.Field:
        return new FieldNode(t.pos, this.ref, t.val);
      case ItemType.Bool:
        return new BoolNode(t.pos, this.ref, t.val === 'true');
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number:
        return this.number(t);
      case ItemType.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', ItemType.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case ItemType.String:
      case ItemType.RawString:
        return new StringNode(t.pos, this.ref, t.val, this.unquoteOrFail(t.val));
    }
    this.backup();
    return undefined;
  }

  private useVar(pos: number, name: string): Node {
    const v = new VariableNode(pos, this.ref, name);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${quote(v.ident[0]!)}`);
    return v;
  }

  /** parse.newNumber: store the constant under every type that represents it exactly. */
  private number(t: Item): NumberNode {
    const n = new NumberNode(t.pos, this.ref, t.val);
    const text = t.val;
    if (t.type === ItemType.CharConstant) {
      let r: number;
      try {
        r = unquoteRune(text);
      } catch (e) {
        this.errorf((e as Error).message);
      }
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(r);
      n.float64 = r;
      return n;
    }
    if (t.type === ItemType.Complex) {
      const m = /^(.+?)([+-][^+-]*)i$/.exec(text.replace(/([eEpP])([+-])/g, '$1\u0000$2'));
      const re = m ? parseGoFloat(m[1]!.replace(/\u0000/g, '')) : undefined;
      const im = m ? parseGoFloat(m[2]!.replace(/\u0000/g, '')) : undefined;
      if (re === undefined || im === undefined) this.errorf(`illegal number syntax: ${quote(text)}`);
      this.setComplex(n, re, im);
      return n;
    }
    if (text.endsWith('i')) {
      const f = parseGoFloat(text.slice(0, -1));
      if (f !== undefined) {
        this.setComplex(n, 0, f);
        return n;
      }
    }
    const iv = parseGoInteger(text);
    if (iv !== undefined && iv >= 0n && iv <= UINT64_MAX) {
      n.isUint = true;
      n.uint64 = iv;
    }
    if (iv !== undefined && iv >= INT64_MIN && iv <= INT64_MAX) {
      n.isInt = true;
      n.int64 = iv;
      if (iv === 0n) {
        n.isUint = true;
        n.uint64 = 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== undefined && Number.isFinite(f)) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${quote(text)}`);
        n.isFloat = true;
        n.float64 = f;
        this.setIntsFromFloat(n, f);
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) this.errorf(`illegal number syntax: ${quote(text)}`);
    return n;
  }

  private setComplex(n: NumberNode, re: number, im: number): void {
    n.isComplex = true;
    n.complex = [re, im];
    if (im === 0) {
      n.isFloat = true;
      n.float64 = re;
      this.setIntsFromFloat(n, re);
    }
  }

  private setIntsFromFloat(n: NumberNode, f: number): void {
    if (Number.isInteger(f) && BigInt(f) >= INT64_MIN && BigInt(f) <= INT64_MAX) {
      n.isInt = true;
      n.int64 = BigInt(f);
    }
    if (Number.isInteger(f) && f >= 0 && BigInt(f) <= UINT64_MAX) {
      n.isUint = true;
      n.uint64 = BigInt(f);
    }
  }
}
