// MongoDB wire protocol framing (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/):
// a 16-byte little-endian header, then OP_MSG (2013, every command since 3.6) or the legacy
// OP_QUERY (2004), which drivers still use for the very first `isMaster` of a connection,
// answered with OP_REPLY (1).
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export interface WireRequest {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command document: OP_MSG body with its document sequences folded in, or OP_QUERY's query. */
  command: Document;
  /** The database the command addresses (`$db` for OP_MSG, the namespace before `.$cmd` for OP_QUERY). */
  db: string;
  /** The client asked for no reply (OP_MSG moreToCome): an unacknowledged write. */
  noReply: boolean;
}

export class WireProtocolError extends Error {
  override readonly name = 'WireProtocolError';
}

/** Cuts complete messages off the front of `buffer`; returns them and what is left over. */
export function takeMessages(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (buffer.length - offset >= 4) {
    const length = buffer.readInt32LE(offset);
    if (length < HEADER_BYTES || length > 48_000_000) throw new WireProtocolError(`message length ${length} out of range`);
    if (buffer.length - offset < length) break;
    messages.push(buffer.subarray(offset, offset + length));
    offset += length;
  }
  return { messages, rest: buffer.subarray(offset) };
}

function readCString(message: Buffer, offset: number): { value: string; next: number } {
  const end = message.indexOf(0, offset);
  if (end < 0) throw new WireProtocolError('unterminated C string');
  return { value: message.toString('utf8', offset, end), next: end + 1 };
}

function readDocument(message: Buffer, offset: number): { doc: Document; next: number } {
  const size = message.readInt32LE(offset);
  return { doc: deserialize(message.subarray(offset, offset + size)), next: offset + size };
}

export function parseRequest(message: Buffer): WireRequest {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = message.readUInt32LE(HEADER_BYTES);
    const end = message.length - (flags & CHECKSUM_PRESENT ? 4 : 0);
    let offset = HEADER_BYTES + 4;
    let body: Document | undefined;
    const sequences: [string, Document[]][] = [];
    while (offset < end) {
      const kind = message[offset++];
      if (kind === 0) {
        const { doc, next } = readDocument(message, offset);
        body = doc;
        offset = next;
      } else if (kind === 1) {
        const sectionEnd = offset + message.readInt32LE(offset);
        const id = readCString(message, offset + 4);
        const docs: Document[] = [];
        let at = id.next;
        while (at < sectionEnd) {
          const { doc, next } = readDocument(message, at);
          docs.push(doc);
          at = next;
        }
        sequences.push([id.value, docs]);
        offset = sectionEnd;
      } else {
        throw new WireProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new WireProtocolError('OP_MSG without a body section');
    for (const [identifier, docs] of sequences) body[identifier] = docs;
    return { requestId, opCode, command: body, db: String(body.$db ?? 'admin'), noReply: (flags & MORE_TO_COME) !== 0 };
  }
  if (opCode === OP_QUERY) {
    const namespace = readCString(message, HEADER_BYTES + 4);
    const { doc } = readDocument(message, namespace.next + 8);
    // A read preference makes drivers wrap the command as { $query: …, $readPreference: … }.
    const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc;
    return { requestId, opCode, command, db: namespace.value.replace(/\.\$cmd$/, ''), noReply: false };
  }
  throw new WireProtocolError(`unsupported opCode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** The reply to `request` in the form it was asked in (OP_MSG → OP_MSG, OP_QUERY → OP_REPLY). */
export function encodeReply(request: WireRequest, responseId: number, reply: Document): Buffer {
  const doc = Buffer.from(serialize(reply));
  if (request.opCode === OP_MSG) {
    const flagsAndKind = Buffer.alloc(5); // flagBits 0, section kind 0
    const length = HEADER_BYTES + flagsAndKind.length + doc.length;
    return Buffer.concat([header(length, responseId, request.requestId, OP_MSG), flagsAndKind, doc]);
  }
  const replyFields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom: all 0
  replyFields.writeInt32LE(1, 16); // numberReturned
  const length = HEADER_BYTES + replyFields.length + doc.length;
  return Buffer.concat([header(length, responseId, request.requestId, OP_REPLY), replyFields, doc]);
}
