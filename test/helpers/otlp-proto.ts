// Decodes protobuf messages by the official .proto definitions (test/fixtures/opentelemetry-proto). No protobuf
// library is installed and the OTLP transformer no longer ships a generated root, so this reads the .proto text
// (proto3: messages, nested types, enums, oneofs, packed repeated scalars) and walks the wire format by it.
// It shares nothing with the encoder under test, so it checks field numbers and types independently.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OTLP_PROTO_ROOT = join(__dirname, '..', 'fixtures', 'opentelemetry-proto');

interface FieldDef {
  name: string;
  type: string;
  number: number;
  repeated: boolean;
}

interface MessageDef {
  fullName: string;
  fields: Map<number, FieldDef>;
}

export type Decoded = Record<string, unknown>;

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'bool', 'sint32', 'sint64']);
const FIXED64_TYPES = new Set(['fixed64', 'sfixed64', 'double']);
const FIXED32_TYPES = new Set(['fixed32', 'sfixed32', 'float']);

function tokenize(source: string): string[] {
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  return stripped.match(/"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*|\d+|[{}=;[\]<>,()]/g) ?? [];
}

export class ProtoSchema {
  private readonly messages = new Map<string, MessageDef>();
  private readonly enums = new Set<string>();

  constructor(files: readonly string[]) {
    for (const f of files) this.parse(readFileSync(join(OTLP_PROTO_ROOT, f), 'utf8'));
    for (const m of this.messages.values()) {
      for (const field of m.fields.values()) field.type = this.resolve(field.type, m.fullName);
    }
  }

  decode(messageName: string, bytes: Uint8Array): Decoded {
    const def = this.messages.get(messageName);
    if (!def) throw new Error(`Unknown message ${messageName}`);
    const out: Decoded = {};
    for (const f of def.fields.values()) if (f.repeated) out[camel(f.name)] = [];
    const r = new Reader(bytes);
    while (!r.done()) {
      const tag = Number(r.varint());
      const number = tag >>> 3;
      const wire = tag & 7;
      const field = def.fields.get(number);
      if (!field) {
        r.skip(wire);
        continue;
      }
      const values = this.readField(field, wire, r);
      const key = camel(field.name);
      if (field.repeated) (out[key] as unknown[]).push(...values);
      else out[key] = values[0];
    }
    return out;
  }

  private readField(field: FieldDef, wire: number, r: Reader): unknown[] {
    const t = field.type;
    if (this.messages.has(t)) return [this.decode(t, r.bytes())];
    if (t === 'string') return [new TextDecoder().decode(r.bytes())];
    if (t === 'bytes') return [Buffer.from(r.bytes()).toString('hex')];
    const scalar = (rr: Reader): unknown => {
      if (VARINT_TYPES.has(t) || this.enums.has(t)) {
        const v = rr.varint();
        if (t === 'bool') return v !== 0n;
        if (t === 'sint32' || t === 'sint64') return toNumber((v >> 1n) ^ -(v & 1n));
        if (t === 'int32' || t === 'int64') return toNumber(BigInt.asIntN(64, v));
        return toNumber(v);
      }
      if (FIXED64_TYPES.has(t)) {
        const b = rr.fixed(8);
        const view = new DataView(b.buffer, b.byteOffset, 8);
        if (t === 'double') return view.getFloat64(0, true);
        return t === 'sfixed64' ? view.getBigInt64(0, true) : view.getBigUint64(0, true);
      }
      if (FIXED32_TYPES.has(t)) {
        const b = rr.fixed(4);
        const view = new DataView(b.buffer, b.byteOffset, 4);
        return t === 'float'
          ? view.getFloat32(0, true)
          : t === 'sfixed32'
            ? view.getInt32(0, true)
            : view.getUint32(0, true);
      }
      throw new Error(`Unsupported type ${t}`);
    };
    if (wire === 2) {
      // Packed repeated scalars.
      const packed = new Reader(r.bytes());
      const out: unknown[] = [];
      while (!packed.done()) out.push(scalar(packed));
      return out;
    }
    return [scalar(r)];
  }

  private parse(source: string): void {
    const tokens = tokenize(source);
    let pkg = '';
    let i = 0;
    const skipBlock = () => {
      while (tokens[i] !== '{') i++;
      let depth = 0;
      do {
        if (tokens[i] === '{') depth++;
        if (tokens[i] === '}') depth--;
        i++;
      } while (depth > 0);
    };
    const skipStatement = () => {
      while (tokens[i] !== ';') i++;
      i++;
    };
    const parseEnum = (scope: string) => {
      this.enums.add(`${scope}.${tokens[i + 1]}`);
      skipBlock();
    };
    const parseMessage = (scope: string) => {
      const fullName = `${scope}.${tokens[i + 1]}`;
      const def: MessageDef = { fullName, fields: new Map() };
      this.messages.set(fullName, def);
      i += 3; // message Name {
      while (tokens[i] !== '}') {
        const t = tokens[i]!;
        if (t === 'message') parseMessage(fullName);
        else if (t === 'enum') parseEnum(fullName);
        else if (t === 'oneof')
          i += 3; // oneof name { -- its fields are ordinary fields; its } closes below
        else if (t === 'reserved' || t === 'option') skipStatement();
        else if (t === ';') i++;
        else {
          let repeated = false;
          if (t === 'repeated' || t === 'optional') {
            repeated = t === 'repeated';
            i++;
          }
          const type = tokens[i]!;
          const name = tokens[i + 1]!;
          const number = Number(tokens[i + 3]);
          def.fields.set(number, { name, type, number, repeated });
          skipStatement();
        }
        // A oneof's closing brace is followed by more fields of the same message.
        if (tokens[i] === '}' && this.oneofDepth(tokens, i)) i++;
      }
      i++;
    };
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t === 'package') {
        pkg = tokens[i + 1]!;
        skipStatement();
      } else if (t === 'message') parseMessage(pkg);
      else if (t === 'enum') parseEnum(pkg);
      else if (t === 'service') skipBlock();
      else skipStatement();
    }
  }

  /** True when the `}` at `at` closes a oneof (the nearest unclosed `{` was opened by `oneof <name>`). */
  private oneofDepth(tokens: string[], at: number): boolean {
    let depth = 0;
    for (let j = at - 1; j >= 0; j--) {
      if (tokens[j] === '}') depth++;
      else if (tokens[j] === '{') {
        if (depth === 0) return tokens[j - 2] === 'oneof';
        depth--;
      }
    }
    return false;
  }

  /** Resolves a type name the way protoc does: innermost scope outwards. */
  private resolve(type: string, scope: string): string {
    if (VARINT_TYPES.has(type) || FIXED64_TYPES.has(type) || FIXED32_TYPES.has(type)) return type;
    if (type === 'string' || type === 'bytes') return type;
    const parts = scope.split('.');
    for (let n = parts.length; n >= 0; n--) {
      const candidate = [...parts.slice(0, n), type].join('.');
      if (this.messages.has(candidate) || this.enums.has(candidate)) return candidate;
    }
    throw new Error(`Unresolved type ${type} in ${scope}`);
  }
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function toNumber(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('Truncated varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  fixed(n: number): Uint8Array {
    const out = this.buf.subarray(this.pos, this.pos + n);
    if (out.length !== n) throw new Error('Truncated fixed field');
    this.pos += n;
    return out;
  }
  bytes(): Uint8Array {
    return this.fixed(Number(this.varint()));
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.fixed(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.fixed(4);
    else throw new Error(`Unsupported wire type ${wire}`);
  }
}

/** The OTLP trace and metrics collector requests. */
export const otlpSchema = (): ProtoSchema =>
  new ProtoSchema([
    'opentelemetry/proto/common/v1/common.proto',
    'opentelemetry/proto/resource/v1/resource.proto',
    'opentelemetry/proto/trace/v1/trace.proto',
    'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    'opentelemetry/proto/metrics/v1/metrics.proto',
    'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
  ]);
