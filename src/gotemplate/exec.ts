// Executor for parsed templates (mirrors text/template/exec.go): a small state walks the tree with a variable
// stack, evaluates pipelines, checks call arguments against declared Go parameter types and reports errors with
// Go's "template: FILE:LINE:COL: executing "NAME" at <NODE>: MSG" text.
//
// Values: undefined is Go's invalid reflect.Value ("<no value>"); null is a nil interface{} (a map entry holding
// nil, or the zero value under missingkey=zero). Go tells these apart and so must we.

import { truth, type GoVersion } from './builtins.js';
import { AbortError, TemplateError, isStackOverflow, stackExhausted } from './errors.js';
import { sprint } from './fmt.js';
import {
  ActionNode,
  BoolNode,
  BreakNode,
  BranchNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  FieldNode,
  IdentifierNode,
  IfNode,
  ListNode,
  NilNode,
  Node,
  NumberNode,
  PipeNode,
  RangeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
} from './nodes.js';
import type { Tree } from './parser.js';
import { quote } from './strconv.js';
import { utf8Length } from './utf8.js';
import {
  GoNumber,
  GoStruct,
  compareGoStrings,
  goTypeString,
  isGoFunc,
  isMap,
  typedResult,
  typeName,
  unnamed,
  type FuncMap,
  type GoFunc,
  type GoParamType,
} from './values.js';

export type MissingKey = 'default' | 'zero' | 'error';

/** What the executor needs from the template set. */
export interface ExecContext {
  lookup(name: string): Tree | undefined;
  funcs: FuncMap;
  builtins: FuncMap;
  missingKey: MissingKey;
  goVersion: GoVersion;
  /** See TemplateOptions.deadline. */
  deadline?: number;
}

const MAX_EXEC_DEPTH = 100000;
/** Steps (range iterations, template calls) between two looks at the clock when there is a deadline. */
const DEADLINE_EVERY = 1024;
let steps = 0;
/** The "no final argument" marker of a pipeline's first command (Go's missingVal). */
const MISSING: unique symbol = Symbol('missing');
type Final = unknown | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}

interface Variable {
  name: string;
  value: unknown;
  /** The value sits in an interface{} slot (slice element, map value): Go reports its type as `interface {}`. */
  iface: boolean;
}

/** Execute tree `tree` (named `name`) with `data` as dot and `$`. */
export function executeTree(ctx: ExecContext, name: string, tree: Tree, data: unknown): string {
  const s = new State(ctx, name, [{ name: '$', value: data ?? undefined, iface: false }], 0);
  s.walk(data ?? undefined, false, tree.root);
  return s.out.join('');
}

class State {
  readonly out: string[] = [];
  private node: Node | undefined;

  constructor(
    private readonly ctx: ExecContext,
    private readonly tmplName: string,
    private vars: Variable[],
    private readonly depth: number,
    out?: string[],
  ) {
    if (out) this.out = out;
  }

  /** One step of work: past the deadline, execution stops. */
  private step(): void {
    const deadline = this.ctx.deadline;
    if (deadline !== undefined && ++steps % DEADLINE_EVERY === 0 && Date.now() > deadline) {
      throw new AbortError(`template: ${this.tmplName}: execution stopped: the time allowed for the render ran out`);
    }
  }

  // --- errors ---

  private errorf(msg: string, exhausted = false): never {
    const n = this.node;
    if (!n) throw new TemplateError(`template: ${this.tmplName}: ${msg}`, exhausted);
    const before = n.tree.text.slice(0, n.pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = utf8Length(nl === -1 ? before : before.slice(nl + 1));
    throw new TemplateError(
      `template: ${n.tree.parseName}:${line}:${col}: executing ${quote(this.tmplName)} at <${n}>: ${msg}`,
      exhausted,
    );
  }

  private at(n: Node): void {
    this.node = n;
  }

  // --- variables ---

  private push(name: string, value: unknown, iface: boolean): void {
    this.vars.push({ name, value, iface });
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private setVar(name: string, value: unknown, iface: boolean): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i] = { name, value, iface };
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: unknown, iface: boolean): void {
    const v = this.vars[this.vars.length - n]!;
    this.vars[this.vars.length - n] = { name: v.name, value, iface };
  }

  private varValue(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    this.errorf(`undefined variable: ${name}`);
  }

  // --- walking ---

  walk(dot: unknown, dotIface: boolean, node: Node): void {
    this.at(node);
    if (node instanceof ActionNode) {
      const val = this.evalPipeline(dot, dotIface, node.pipe);
      if (node.pipe.decl.length === 0) this.printValue(node, val);
    } else if (node instanceof ListNode) {
      for (const n of node.nodes) this.walk(dot, dotIface, n);
    } else if (node instanceof TextNode) {
      this.out.push(node.text);
    } else if (node instanceof RangeNode) {
      this.walkRange(dot, dotIface, node);
    } else if (node instanceof BranchNode) {
      this.walkIfOrWith(node instanceof IfNode, dot, dotIface, node);
    } else if (node instanceof TemplateNode) {
      this.walkTemplate(dot, dotIface, node);
    } else if (node instanceof BreakNode) {
      throw new BreakSignal();
    } else if (node instanceof ContinueNode) {
      throw new ContinueSignal();
    } else if (!(node instanceof CommentNode)) {
      this.errorf(`unknown node: ${node}`);
    }
  }

  private walkIfOrWith(isIf: boolean, dot: unknown, dotIface: boolean, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, dotIface, node.pipe);
      if (truth(val)) {
        if (isIf) this.walk(dot, dotIface, node.list);
        else this.walk(val, false, node.list);
      } else if (node.elseList) {
        this.walk(dot, dotIface, node.elseList);
      }
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: unknown, dotIface: boolean, r: RangeNode): void {
    this.at(r);
    const outerMark = this.mark();
    try {
      const val = this.evalPipeline(dot, dotIface, r.pipe);
      const mark = this.mark();
      const decl = r.pipe.decl;
      const oneIteration = (index: unknown, elem: unknown, elemIface: boolean): void => {
        this.step();
        if (decl.length > 0) {
          if (r.pipe.isAssign) {
            if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index, false);
            else this.setVar(decl[0]!.ident[0]!, elem, elemIface);
          } else this.setTopVar(1, elem, elemIface);
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) this.setVar(decl[1]!.ident[0]!, elem, elemIface);
          else this.setTopVar(2, index, false);
        }
        try {
          this.walk(elem, elemIface, r.list);
        } catch (e) {
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.pop(mark);
        }
      };
      let iterated = false;
      const elems = val instanceof GoStruct ? val.elements() : undefined;
      if (elems instanceof Map) {
        for (const k of [...elems.keys()].sort(compareGoStrings)) {
          iterated = true;
          oneIteration(k, elems.get(k) ?? null, false);
        }
      } else if (elems) {
        for (let i = 0; i < elems.length; i++) {
          iterated = true;
          oneIteration(BigInt(i), elems[i] ?? null, false);
        }
      } else if (Array.isArray(val) || val instanceof Uint8Array) {
        for (let i = 0; i < val.length; i++) {
          iterated = true;
          if (val instanceof Uint8Array) oneIteration(BigInt(i), new GoNumber('uint8', BigInt(val[i]!)), false);
          else oneIteration(BigInt(i), val[i] ?? null, holdsInterfaces(val));
        }
      } else if (isMap(val)) {
        for (const k of Object.keys(val).sort(compareGoStrings)) {
          iterated = true;
          oneIteration(k, val[k] ?? null, holdsInterfaces(val));
        }
      } else if (this.ctx.goVersion !== '1.23' && (typeof val === 'bigint' || (val instanceof GoNumber && typeof val.value === 'bigint'))) {
        // Go 1.24+ ranges over integers: one variable at most, receiving 0…n-1 in the integer's own type.
        if (decl.length > 1) this.errorf(`can't use ${sprint([val])} to iterate over more than one variable`);
        const n = typeof val === 'bigint' ? val : (val.value as bigint);
        for (let i = 0n; i < n; i++) {
          iterated = true;
          oneIteration(undefined, typeof val === 'bigint' ? i : new GoNumber(val.type, i), false);
        }
      } else if (val !== undefined) {
        this.errorf(`range can't iterate over ${sprint([val])}`);
      }
      if (!iterated && r.elseList) this.walk(dot, dotIface, r.elseList);
    } catch (e) {
      if (!(e instanceof BreakSignal)) throw e;
    } finally {
      this.pop(outerMark);
    }
  }

  private walkTemplate(dot: unknown, dotIface: boolean, t: TemplateNode): void {
    this.at(t);
    const tree = this.ctx.lookup(t.name);
    if (!tree) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    this.step();
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    const s = new State(this.ctx, t.name, [{ name: '$', value: newDot, iface: false }], this.depth + 1, this.out);
    try {
      s.walk(newDot, false, tree.root);
    } catch (e) {
      // JS runs out of stack long before Go's depth limit; report it the way Go reports runaway recursion.
      if (isStackOverflow(e)) {
        this.at(t);
        this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`, true);
      }
      throw e;
    }
  }

  // --- evaluation ---

  evalPipeline(dot: unknown, dotIface: boolean, pipe: PipeNode | undefined): unknown {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, dotIface, cmd, value);
      // An interface{} result is unwrapped: a nil interface becomes "no value".
      if (value === null) value = undefined;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value, false);
      else this.push(v.ident[0]!, value, false);
    }
    return value;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0]}`);
  }

  private evalCommand(dot: unknown, dotIface: boolean, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0]!;
    if (first instanceof FieldNode) return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
    if (first instanceof ChainNode) return this.evalChainNode(dot, dotIface, first, cmd.args, final);
    if (first instanceof IdentifierNode) return this.evalFunction(dot, dotIface, first, cmd, cmd.args, final);
    if (first instanceof PipeNode) {
      this.notAFunction(cmd.args, final);
      return this.evalPipeline(dot, dotIface, first);
    }
    if (first instanceof VariableNode) return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    this.at(first);
    this.notAFunction(cmd.args, final);
    if (first instanceof BoolNode) return first.value;
    if (first instanceof DotNode) return dot;
    if (first instanceof NilNode) this.errorf('nil is not a command');
    if (first instanceof NumberNode) return this.idealConstant(first);
    if (first instanceof StringNode) return first.text;
    this.errorf(`can't evaluate command ${quote(first.toString())}`);
  }

  /** An untyped constant with no type context: int unless the text looks like a float. */
  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    if (n.isComplex) this.errorf(`complex constant ${n.text} is not supported`);
    const isHexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && !n.text.startsWith("'") && /[.eEpP]/.test(n.text)) return n.float64;
    if (n.isInt) return n.int64;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: unknown, dotIface: boolean, field: FieldNode, args: Node[] | undefined, final: Final): unknown {
    this.at(field);
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, args, final);
  }

  private evalChainNode(dot: unknown, dotIface: boolean, chain: ChainNode, args: Node[] | undefined, final: Final): unknown {
    this.at(chain);
    if (chain.node instanceof NilNode) this.errorf(`indirection through explicit nil in ${chain}`);
    const pipe = this.evalArg(dot, dotIface, 'interface{}', chain.node, true);
    return this.evalFieldChain(dot, dotIface, pipe, false, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: unknown, dotIface: boolean, v: VariableNode, args: Node[] | undefined, final: Final): unknown {
    this.at(v);
    const variable = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      return variable.value;
    }
    return this.evalFieldChain(dot, dotIface, variable.value, variable.iface, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    dotIface: boolean,
    receiver: unknown,
    receiverIface: boolean,
    node: Node,
    ident: string[],
    args: Node[] | undefined,
    final: Final,
  ): unknown {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      [receiver, receiverIface] = this.evalField(dot, dotIface, ident[i]!, node, undefined, MISSING, receiver, receiverIface);
    }
    return this.evalField(dot, dotIface, ident[n - 1]!, node, args, final, receiver, receiverIface)[0];
  }

  private evalFunction(dot: unknown, dotIface: boolean, node: IdentifierNode, cmd: Node, args: Node[] | undefined, final: Final): unknown {
    this.at(node);
    const name = node.ident;
    const { funcs, builtins } = this.ctx;
    const fn = Object.hasOwn(funcs, name) ? funcs[name] : Object.hasOwn(builtins, name) ? builtins[name] : undefined;
    if (!fn) this.errorf(`${quote(name)} is not a defined function`);
    const isBuiltin = fn === builtins[name];
    return this.evalCall(dot, dotIface, fn, isBuiltin, cmd, name, args, final);
  }

  /** Returns the field's value and whether it sits in an interface{} slot. */
  private evalField(
    dot: unknown,
    dotIface: boolean,
    fieldName: string,
    node: Node,
    args: Node[] | undefined,
    final: Final,
    receiver: unknown,
    receiverIface: boolean,
  ): [unknown, boolean] {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      return [undefined, false];
    }
    // Map elements, slice elements and nil values sit in interface{} slots; Go names that static type.
    const typ = () => (receiverIface || receiver === null ? 'interface {}' : typeName(receiver));
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ()}.${fieldName}`);
    if (receiver instanceof GoStruct) {
      const method = receiver.method(fieldName);
      if (method) {
        const res = this.evalCall(dot, dotIface, method, false, node, fieldName, args, final);
        return [res, (method.result ?? 'interface{}') === 'interface{}'];
      }
    }
    const hasArgs = (args !== undefined && args.length > 1) || final !== MISSING;
    if (receiver instanceof GoStruct) {
      const f = receiver.field(fieldName);
      if (f) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return [f.value ?? null, false];
      }
    } else if (isMap(receiver)) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      // A named map (chartutil.Values) is a Proxy: look the key up in the map behind it.
      const map = unnamed(receiver) as Record<string, unknown>;
      if (Object.hasOwn(map, fieldName)) return [map[fieldName] ?? null, holdsInterfaces(map)];
      switch (this.ctx.missingKey) {
        case 'zero':
          return [null, true];
        case 'error':
          this.errorf(`map has no entry for key ${quote(fieldName)}`);
      }
      return [undefined, false];
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ()}`);
  }

  private evalCall(
    dot: unknown,
    dotIface: boolean,
    fn: GoFunc,
    isBuiltin: boolean,
    node: Node,
    name: string,
    allArgs: Node[] | undefined,
    final: Final,
  ): unknown {
    const args = allArgs ? allArgs.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const declared = fn.params.length + (fn.variadic ? 1 : 0);
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = fn.params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${fn.params.length} got ${args.length}`);
    } else if (numIn !== declared) {
      this.errorf(`wrong number of args for ${name}: want ${declared} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const arg of args) {
        v = this.evalArg(dot, dotIface, 'reflect.Value', arg);
        if (truth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'reflect.Value');
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, dotIface, fn.params[i]!, args[i]!));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, dotIface, fn.variadic, args[i]!));
    if (final !== MISSING) {
      let t: GoParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? fn.params[numIn - 1]! : fn.variadic;
      else t = fn.params[fn.params.length - 1]!;
      argv.push(this.validateType(final, t));
    }

    if (isBuiltin && name === 'call') {
      // Go names the callee by its source text, or by the piped value when the function arrives through the pipe.
      const callee = args.length > 0 ? args[0]!.toString() : `<${typeName(argv[0])} Value>`;
      return this.callBuiltin(callee, argv, node);
    }
    try {
      const res = fn.fn(...argv);
      return fn.result === 'reflect.Value' ? res : typedResult(res ?? null, fn.result);
    } catch (e) {
      if (isStackOverflow(e) || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof AbortError) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`, stackExhausted(e));
    }
  }

  /** The `call` builtin: invoke a function value with checked arguments. */
  private callBuiltin(calleeName: string, argv: unknown[], node: Node): unknown {
    const fail = (msg: string): never => {
      this.at(node);
      this.errorf(`error calling call: ${msg}`);
    };
    const f = argv[0] === null ? undefined : argv[0];
    if (f === undefined) fail('call of nil');
    if (!isGoFunc(f)) fail(`non-function ${calleeName} of type ${typeName(f)}`);
    const g = f as GoFunc;
    const rest = argv.slice(1).map((a) => (a === null ? undefined : a));
    if (g.variadic ? rest.length < g.params.length : rest.length !== g.params.length) {
      fail(`wrong number of args for ${calleeName}: got ${rest.length} want ${g.variadic ? 'at least ' : ''}${g.params.length}`);
    }
    const prepared = rest.map((a, i) => {
      const t = i < g.params.length ? g.params[i]! : g.variadic!;
      if (a === undefined) {
        if (!canBeNil(t)) fail(`arg ${i}: value is nil; should be of type ${goTypeString(t)}`);
        return null;
      }
      if (!assignable(a, t)) fail(`arg ${i}: value has type ${typeName(a)}; should be ${goTypeString(t)}`);
      if (t === 'map[string]interface{}') return unnamed(a);
      return a instanceof GoStruct ? a.interfaceValue() : a;
    });
    try {
      const res = g.fn(...prepared);
      return g.result === 'reflect.Value' ? res : typedResult(res ?? null, g.result);
    } catch (e) {
      if (isStackOverflow(e)) throw e;
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** Go's validateType: is the evaluated value assignable to the parameter type? */
  private validateType(value: unknown, t: GoParamType): unknown {
    if (t === 'reflect.Value') return value;
    if (value === undefined) {
      if (canBeNil(t)) return null;
      this.errorf(`invalid value; expected ${goTypeString(t)}`);
    }
    if (value === null) {
      if (t === 'interface{}') return null;
      this.errorf(`wrong type for value; expected ${goTypeString(t)}; got interface {}`);
    }
    if (!assignable(value, t)) this.errorf(`wrong type for value; expected ${goTypeString(t)}; got ${typeName(value)}`);
    if (t === 'map[string]interface{}') return unnamed(value);
    return value instanceof GoStruct ? value.interfaceValue() : value;
  }

  /** Evaluate an argument for a parameter of type `t`; `untyped` (the head of a chain) skips the type check. */
  private evalArg(dot: unknown, dotIface: boolean, t: GoParamType, n: Node, untyped = false): unknown {
    this.at(n);
    const check = (v: unknown): unknown => (untyped ? v : this.validateType(v, t));
    if (n instanceof DotNode) return check(dot);
    if (n instanceof NilNode) {
      if (canBeNil(t) || t === 'reflect.Value') return t === 'reflect.Value' ? undefined : null;
      this.errorf(`cannot assign nil to ${goTypeString(t)}`);
    }
    if (n instanceof FieldNode) return check(this.evalFieldNode(dot, dotIface, n, [n], MISSING));
    if (n instanceof VariableNode) return check(this.evalVariableNode(dot, dotIface, n, undefined, MISSING));
    if (n instanceof PipeNode) return check(this.evalPipeline(dot, dotIface, n));
    if (n instanceof IdentifierNode) return check(this.evalFunction(dot, dotIface, n, n, undefined, MISSING));
    if (n instanceof ChainNode) return check(this.evalChainNode(dot, dotIface, n, undefined, MISSING));
    switch (t) {
      case 'bool':
        if (n instanceof BoolNode) return n.value;
        this.errorf(`expected bool; found ${n}`);
      case 'float64':
        if (n instanceof NumberNode && n.isFloat) return n.float64;
        this.errorf(`expected float; found ${n}`);
      case 'int':
      case 'int64':
        if (n instanceof NumberNode && n.isInt) return t === 'int' ? n.int64 : new GoNumber('int64', n.int64);
        this.errorf(`expected integer; found ${n}`);
      case 'string':
        if (n instanceof StringNode) return n.text;
        this.errorf(`expected string; found ${n}`);
      case 'interface{}':
      case 'reflect.Value':
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${n} for arg of type ${goTypeString(t)}`);
  }

  private evalEmptyInterface(n: Node): unknown {
    this.at(n);
    if (n instanceof BoolNode) return n.value;
    if (n instanceof NumberNode) return this.idealConstant(n);
    if (n instanceof StringNode) return n.text;
    this.errorf(`can't handle assignment of ${n} to empty interface argument`);
  }

  private printValue(n: Node, v: unknown): void {
    this.at(n);
    if (v === undefined) {
      this.out.push('<no value>');
      return;
    }
    if (isGoFunc(v)) this.errorf(`can't print ${n} of type ${typeName(v)}`);
    this.out.push(sprint([v]));
  }
}

/** Whether a slice's or map's elements sit in interface{} slots ([]interface{}) or are typed ([]string). */
function holdsInterfaces(container: unknown): boolean {
  return typeName(unnamed(container)).endsWith('interface {}');
}

function canBeNil(t: GoParamType): boolean {
  return t === 'interface{}' || t === '[]interface{}' || t === '[]string' || t === 'map[string]interface{}' || t === '[]byte';
}

function assignable(v: unknown, t: GoParamType): boolean {
  switch (t) {
    case 'interface{}':
    case 'reflect.Value':
      return true;
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'int64':
      return v instanceof GoNumber && v.type === 'int64';
    case 'float64':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case '[]interface{}':
      return Array.isArray(v) && typeName(v) === '[]interface {}';
    case '[]string':
      return Array.isArray(v) && v.every((e) => typeof e === 'string');
    case 'map[string]interface{}':
      return isMap(v) && typeName(unnamed(v)) === 'map[string]interface {}';
    case '[]byte':
      return v instanceof Uint8Array;
  }
}
