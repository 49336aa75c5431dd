// IAM's query API (POST / with Action=…&Version=2010-05-08, answers in XML) for the calls the
// storage integration makes, with IAM's status codes and error codes.
import { randomBytes, randomUUID } from 'node:crypto';
import { escapeXml, toXml, type XmlValue } from './xml.ts';

export interface FakeAccessKey {
  id: string;
  secret: string;
  status: 'Active' | 'Inactive';
  createdAt: Date;
}

export interface FakeIamUser {
  name: string;
  userId: string;
  arn: string;
  createdAt: Date;
  /** Inline policies by name: the JSON document as given. */
  policies: Map<string, string>;
  accessKeys: FakeAccessKey[];
}

export interface IamReply {
  status: number;
  body: string;
}

export class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export function iamErrorBody(error: IamError): string {
  return `<ErrorResponse xmlns="${NS}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

function ok(action: string, result?: Record<string, XmlValue>): IamReply {
  const resultXml = result ? toXml(`${action}Result`, result) : '';
  return {
    status: 200,
    body: `<${action}Response xmlns="${NS}">${resultXml}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function newAccessKeyId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return `AKIA${Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('')}`;
}

export class FakeIam {
  readonly users = new Map<string, FakeIamUser>();

  constructor(private readonly accountId: string) {}

  /** The user owning an access key, if it is one of IAM's. */
  keyOwner(accessKeyId: string): { user: FakeIamUser; key: FakeAccessKey } | undefined {
    for (const user of this.users.values()) {
      const key = user.accessKeys.find((k) => k.id === accessKeyId);
      if (key) return { user, key };
    }
    return undefined;
  }

  /** The Action of a request body, for logging and faults. */
  static actionOf(body: string): string {
    return new URLSearchParams(body).get('Action') ?? '';
  }

  handle(body: string): IamReply {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    if (params.get('Version') !== '2010-05-08') throw new IamError(400, 'InvalidParameterValue', 'Version must be 2010-05-08');
    const need = (name: string): string => {
      const value = params.get(name);
      if (!value)
        throw new IamError(
          400,
          'ValidationError',
          `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
        );
      return value;
    };
    const existing = (name: string): FakeIamUser => {
      const user = this.users.get(name);
      if (!user) throw new IamError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
      return user;
    };
    const userXml = (u: FakeIamUser) => ({ Path: '/', UserName: u.name, UserId: u.userId, Arn: u.arn, CreateDate: u.createdAt.toISOString() });

    switch (action) {
      case 'CreateUser': {
        const name = need('UserName');
        if (!USER_NAME.test(name)) throw new IamError(400, 'ValidationError', `The specified value for userName is invalid.`);
        if (this.users.has(name)) throw new IamError(409, 'EntityAlreadyExists', `User with name ${name} already exists.`);
        const user: FakeIamUser = {
          name,
          userId: `AIDA${randomBytes(8).toString('hex').toUpperCase()}`,
          arn: `arn:aws:iam::${this.accountId}:user/${name}`,
          createdAt: new Date(),
          policies: new Map(),
          accessKeys: [],
        };
        this.users.set(name, user);
        return ok(action, { User: userXml(user) });
      }
      case 'GetUser':
        return ok(action, { User: userXml(existing(need('UserName'))) });
      case 'DeleteUser': {
        const user = existing(need('UserName'));
        if (user.accessKeys.length > 0 || user.policies.size > 0)
          throw new IamError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies and access keys first.');
        this.users.delete(user.name);
        return ok(action);
      }
      case 'PutUserPolicy': {
        const user = existing(need('UserName'));
        const document = need('PolicyDocument');
        try {
          const parsed = JSON.parse(document) as { Statement?: unknown };
          if (!Array.isArray(parsed.Statement)) throw new Error('no Statement');
        } catch {
          throw new IamError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
        }
        user.policies.set(need('PolicyName'), document);
        return ok(action);
      }
      case 'GetUserPolicy': {
        const user = existing(need('UserName'));
        const name = need('PolicyName');
        const document = user.policies.get(name);
        if (document === undefined) throw new IamError(404, 'NoSuchEntity', `The user policy with name ${name} cannot be found.`);
        // IAM answers with the document URL-encoded (RFC 3986), as AWS documents.
        return ok(action, { UserName: user.name, PolicyName: name, PolicyDocument: encodeURIComponent(document) });
      }
      case 'DeleteUserPolicy': {
        const user = existing(need('UserName'));
        const name = need('PolicyName');
        if (!user.policies.delete(name)) throw new IamError(404, 'NoSuchEntity', `The user policy with name ${name} cannot be found.`);
        return ok(action);
      }
      case 'ListAccessKeys': {
        const user = existing(need('UserName'));
        return ok(action, {
          UserName: user.name,
          AccessKeyMetadata: {
            member: user.accessKeys.map((k) => ({ UserName: user.name, AccessKeyId: k.id, Status: k.status, CreateDate: k.createdAt.toISOString() })),
          },
          IsTruncated: false,
        });
      }
      case 'CreateAccessKey': {
        const user = existing(need('UserName'));
        if (user.accessKeys.length >= 2) throw new IamError(409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2');
        const key: FakeAccessKey = { id: newAccessKeyId(), secret: randomBytes(30).toString('base64'), status: 'Active', createdAt: new Date() };
        user.accessKeys.push(key);
        return ok(action, {
          AccessKey: { UserName: user.name, AccessKeyId: key.id, Status: key.status, SecretAccessKey: key.secret, CreateDate: key.createdAt.toISOString() },
        });
      }
      case 'DeleteAccessKey': {
        const user = existing(need('UserName'));
        const id = need('AccessKeyId');
        const before = user.accessKeys.length;
        user.accessKeys = user.accessKeys.filter((k) => k.id !== id);
        if (user.accessKeys.length === before) throw new IamError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
        return ok(action);
      }
      default:
        throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
    }
  }
}
