/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AppServerStatus =
  | 'CONFIGURATION_FAILED'
  | 'CONFIGURING_SERVER'
  | 'ERROR'
  | 'NEW'
  | 'RUNNING'
  | 'TERMINATED'
  | 'WAITING_FOR_SERVER';

export type CreateInstanceInput = {
  /** Replaces the list; they must exist at the provider. */
  additionalSecurityGroups?: Array<string> | null | undefined;
  /** App servers per deployment, 1–5. */
  appServerCount?: number | null | undefined;
  /** A YAML mapping; in a patch a blank clears it. */
  configurationExtraSettings?: string | null | undefined;
  /** https, http, ssh or git URL, or git@host:owner/repo.git. */
  configurationSourceRepoUrl?: string | null | undefined;
  configurationVersion?: string | null | undefined;
  databaseMode?: DatabaseMode | null | undefined;
  edxPlatformCommit?: string | null | undefined;
  edxPlatformRepositoryUrl?: string | null | undefined;
  /** Contact address; default contact@<base domain>. */
  email?: string | null | undefined;
  /** The customer’s own domain, routed by the load balancer (no DNS); in a patch a blank clears it. */
  externalLmsDomain?: string | null | undefined;
  /** Unset: the preview prefix + the external LMS domain; in a patch a blank clears it. */
  externalPreviewDomain?: string | null | undefined;
  /** Unset: the Studio prefix + the external LMS domain; in a patch a blank clears it. */
  externalStudioDomain?: string | null | undefined;
  /** JSON: {"name": "m1.medium"} or {"ram": 4096, "disk": 40}. */
  flavor?: string | null | undefined;
  /** JSON: {"name": "Ubuntu 22.04"} or {"id": "…"}. */
  image?: string | null | undefined;
  monitoringEmails?: Array<string> | null | undefined;
  name: string;
  /** A git ref: letters, digits and . _ / + - (≤ 200). */
  openedxRelease?: string | null | undefined;
  /** SANDBOX (default) or PRODUCTION (stable defaults, PERSISTENT); immutable. */
  profile?: InstanceProfile | null | undefined;
  provisioningFailureEmails?: Array<string> | null | undefined;
  recipe?: Recipe | null | undefined;
  /** One DNS label: 3–63 lowercase letters, digits and hyphens. */
  subDomain: string;
};

export type CreateWatchedForkInput = {
  /** A YAML mapping; a blank clears it. */
  configurationExtraSettings?: string | null | undefined;
  /** A blank clears it. */
  configurationSourceRepoUrl?: string | null | undefined;
  /** A blank clears it. */
  configurationVersion?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** owner/repo */
  fork: string;
  /** JSON {"name": …} or {"id": …}; a blank clears it. */
  image?: string | null | undefined;
  /** A blank clears it. */
  openedxRelease?: string | null | undefined;
  /** Organization name (created with this GitHub handle when missing). */
  organization: string;
  redeployOnPush?: boolean | null | undefined;
  /** Default pr{number}.sandbox. */
  sandboxSubdomainTemplate?: string | null | undefined;
};

export type DatabaseMode =
  | 'EPHEMERAL'
  | 'PERSISTENT';

export type InstanceEventKind =
  | 'APP_SERVER'
  | 'DEPLOYMENT'
  | 'INSTANCE'
  | 'SERVER';

export type InstanceFilter = {
  includeArchived?: boolean | null | undefined;
  /** Matches the name or the LMS domain. */
  search?: string | null | undefined;
};

export type InstanceProfile =
  | 'PRODUCTION'
  | 'SANDBOX';

export type LogLevel =
  | 'CRITICAL'
  | 'DEBUG'
  | 'ERROR'
  | 'INFO'
  | 'WARNING';

export type PendingOperation =
  | 'TERMINATING';

export type PullRequestState =
  | 'CLOSED'
  | 'MERGED'
  | 'OPEN';

export type Recipe =
  | 'ANSIBLE'
  | 'SHELL'
  | 'TUTOR';

export type ServerStatus =
  | 'BOOTING'
  | 'BUILDING'
  | 'BUILD_FAILED'
  | 'PENDING'
  | 'READY'
  | 'TERMINATED'
  | 'UNKNOWN';

export type UpdateWatchedForkInput = {
  /** A YAML mapping; a blank clears it. */
  configurationExtraSettings?: string | null | undefined;
  /** A blank clears it. */
  configurationSourceRepoUrl?: string | null | undefined;
  /** A blank clears it. */
  configurationVersion?: string | null | undefined;
  enabled?: boolean | null | undefined;
  /** owner/repo */
  fork?: string | null | undefined;
  /** JSON {"name": …} or {"id": …}; a blank clears it. */
  image?: string | null | undefined;
  /** A blank clears it. */
  openedxRelease?: string | null | undefined;
  /** Organization name (created with this GitHub handle when missing). */
  organization?: string | null | undefined;
  redeployOnPush?: boolean | null | undefined;
  /** Default pr{number}.sandbox. */
  sandboxSubdomainTemplate?: string | null | undefined;
};

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { id: string, username: string } };

export type LoginMutationVariables = Exact<{
  username: string;
  password: string;
}>;


export type LoginMutation = { login:
    | { __typename: 'AuthenticationError', message: string }
    | { __typename: 'MutationLoginSuccess', data: { id: string, username: string } }
   };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type InstancesQueryVariables = Exact<{
  filter?: InstanceFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type InstancesQuery = { instances: { edges: Array<{ node: { id: string, name: string, subDomain: string, isArchived: boolean, createdAt: string, urls: { lms: string }, activeAppServers: Array<{ id: string }>, newestAppServer: { id: string, status: AppServerStatus } | null } }> } };

export type DefaultsQueryVariables = Exact<{
  profile?: InstanceProfile | null | undefined;
}>;


export type DefaultsQuery = { defaults: { baseDomain: string, email: string, openedxRelease: string, databaseMode: DatabaseMode, appServerCount: number } };

export type CreateInstanceMutationVariables = Exact<{
  input: CreateInstanceInput;
  deploy?: boolean | null | undefined;
}>;


export type CreateInstanceMutation = { createInstance:
    | { __typename: 'MutationCreateInstanceSuccess', data: { id: string } }
    | { __typename: 'ValidationError', field: string, message: string }
   };

export type InstanceQueryVariables = Exact<{
  id: string;
}>;


export type InstanceQuery = { instance: { id: string, name: string, subDomain: string, isArchived: boolean, archivedAt: string | null, createdAt: string, updatedAt: string, internalLmsDomain: string, internalStudioDomain: string, internalPreviewDomain: string, externalLmsDomain: string | null, openedxRelease: string, urls: { lms: string, studio: string, preview: string }, appServers: { edges: Array<{ node: { id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string } }> } } | null };

export type AppServerRowFragment = { id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string };

export type AppServerQueryVariables = Exact<{
  id: string;
}>;


export type AppServerQuery = { appServer: { currentStep: string | null, failureReason: string | null, runningAt: string | null, terminatedAt: string | null, lastActivatedAt: string | null, id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string, instance: { id: string, name: string, isArchived: boolean }, server: { id: string, name: string, provider: string, externalId: string | null, publicIp: string | null, sshPort: number, httpPort: number, status: ServerStatus, statusChangedAt: string } | null } | null };

export type SpawnAppServerMutationVariables = Exact<{
  instanceId: string;
}>;


export type SpawnAppServerMutation = { spawnAppServer:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationSpawnAppServerSuccess', data: { id: string, appServers: Array<{ id: string }> } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ActivateAppServerMutationVariables = Exact<{
  id: string;
}>;


export type ActivateAppServerMutation = { activateAppServer:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationActivateAppServerSuccess', data: { id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string } }
    | { __typename: 'NotFoundError', message: string }
   };

export type DeactivateAppServerMutationVariables = Exact<{
  id: string;
}>;


export type DeactivateAppServerMutation = { deactivateAppServer:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationDeactivateAppServerSuccess', data: { id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string } }
    | { __typename: 'NotFoundError', message: string }
   };

export type TerminateAppServerMutationVariables = Exact<{
  id: string;
}>;


export type TerminateAppServerMutation = { terminateAppServer:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationTerminateAppServerSuccess', data: { id: string, number: number, name: string, status: AppServerStatus, active: boolean, pendingOperation: PendingOperation | null, url: string | null, createdAt: string } }
    | { __typename: 'NotFoundError', message: string }
   };

export type ArchiveInstanceMutationVariables = Exact<{
  id: string;
}>;


export type ArchiveInstanceMutation = { archiveInstance:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationArchiveInstanceSuccess', data: { id: string, isArchived: boolean } }
    | { __typename: 'NotFoundError', message: string }
   };

export type InstanceEventsSubscriptionVariables = Exact<{
  instanceId?: string | null | undefined;
}>;


export type InstanceEventsSubscription = { instanceEvents: { kind: InstanceEventKind, node:
      | { __typename: 'AppServer', id: string }
      | { __typename: 'Deployment', id: string }
      | { __typename: 'Instance', id: string }
      | { __typename: 'Server', id: string }
      | { __typename: 'User', id: string }
      | { __typename: 'WatchedFork', id: string }
      | { __typename: 'WatchedPullRequest', id: string }
     } };

export type LogLinesSubscriptionVariables = Exact<{
  target: string;
  afterId?: string | null | undefined;
}>;


export type LogLinesSubscription = { logLines: { id: string, level: LogLevel, text: string, createdAt: string } };

export type InstancePullRequestQueryVariables = Exact<{
  id: string;
}>;


export type InstancePullRequestQuery = { instance: { id: string, isArchived: boolean, drift: { fields: Array<string>, commitChanged: boolean } | null, pullRequest: { id: string, repo: string, number: number, url: string, title: string, authorLogin: string, headRepo: string | null, headRef: string, headSha: string, state: PullRequestState, qualifies: boolean, settingsYaml: string | null, settingsError: string | null, databaseModeTag: DatabaseMode | null, deployedHeadSha: string | null, settingsChangedSinceDeployment: boolean, redeployDueAt: string | null, lastSyncedAt: string | null } | null } | null };

export type UpdateInstanceFromPullRequestMutationVariables = Exact<{
  pullRequestId: string;
  deploy?: boolean | null | undefined;
}>;


export type UpdateInstanceFromPullRequestMutation = { updateInstanceFromPullRequest:
    | { __typename: 'InvalidStateError', message: string }
    | { __typename: 'MutationUpdateInstanceFromPullRequestSuccess', data: { id: string } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type WatchedForksQueryVariables = Exact<{ [key: string]: never; }>;


export type WatchedForksQuery = { watchedForks: Array<{ id: string, fork: string, organizationName: string, enabled: boolean, sandboxSubdomainTemplate: string, redeployOnPush: boolean, openedxRelease: string | null, configurationSourceRepoUrl: string | null, configurationVersion: string | null, image: string | null, configurationExtraSettings: string }> };

export type CreateWatchedForkMutationVariables = Exact<{
  input: CreateWatchedForkInput;
}>;


export type CreateWatchedForkMutation = { createWatchedFork:
    | { __typename: 'MutationCreateWatchedForkSuccess', data: { id: string } }
    | { __typename: 'ValidationError', field: string, message: string }
   };

export type UpdateWatchedForkMutationVariables = Exact<{
  id: string;
  patch: UpdateWatchedForkInput;
}>;


export type UpdateWatchedForkMutation = { updateWatchedFork:
    | { __typename: 'MutationUpdateWatchedForkSuccess', data: { id: string } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string, field: string }
   };

export type DeleteWatchedForkMutationVariables = Exact<{
  id: string;
}>;


export type DeleteWatchedForkMutation = { deleteWatchedFork:
    | { __typename: 'MutationDeleteWatchedForkSuccess' }
    | { __typename: 'NotFoundError', message: string }
   };

export const AppServerRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<AppServerRowFragment, unknown>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"username"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"username"},"value":{"kind":"Variable","name":{"kind":"Name","value":"username"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationLoginSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuthenticationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const InstancesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Instances"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InstanceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instances"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeAppServers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newestAppServer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<InstancesQuery, InstancesQueryVariables>;
export const DefaultsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Defaults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"profile"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InstanceProfile"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"defaults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"profile"},"value":{"kind":"Variable","name":{"kind":"Name","value":"profile"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}}]}}]}}]} as unknown as DocumentNode<DefaultsQuery, DefaultsQueryVariables>;
export const CreateInstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateInstance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateInstanceInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createInstance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"deploy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateInstanceSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateInstanceMutation, CreateInstanceMutationVariables>;
export const InstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Instance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}},{"kind":"Field","name":{"kind":"Name","value":"archivedAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"internalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"internalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"internalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}},{"kind":"Field","name":{"kind":"Name","value":"studio"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}},{"kind":"Field","name":{"kind":"Name","value":"appServers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AppServerRow"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<InstanceQuery, InstanceQueryVariables>;
export const AppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"appServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AppServerRow"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"runningAt"}},{"kind":"Field","name":{"kind":"Name","value":"terminatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}}]}},{"kind":"Field","name":{"kind":"Name","value":"server"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}},{"kind":"Field","name":{"kind":"Name","value":"publicIp"}},{"kind":"Field","name":{"kind":"Name","value":"sshPort"}},{"kind":"Field","name":{"kind":"Name","value":"httpPort"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusChangedAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<AppServerQuery, AppServerQueryVariables>;
export const SpawnAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SpawnAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"spawnAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationSpawnAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"appServers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<SpawnAppServerMutation, SpawnAppServerMutationVariables>;
export const ActivateAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ActivateAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"activateAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationActivateAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AppServerRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<ActivateAppServerMutation, ActivateAppServerMutationVariables>;
export const DeactivateAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeactivateAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deactivateAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationDeactivateAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AppServerRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<DeactivateAppServerMutation, DeactivateAppServerMutationVariables>;
export const TerminateAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TerminateAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationTerminateAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AppServerRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AppServerRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<TerminateAppServerMutation, TerminateAppServerMutationVariables>;
export const ArchiveInstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ArchiveInstance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"archiveInstance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationArchiveInstanceSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<ArchiveInstanceMutation, ArchiveInstanceMutationVariables>;
export const InstanceEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"InstanceEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<InstanceEventsSubscription, InstanceEventsSubscriptionVariables>;
export const LogLinesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"LogLines"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"target"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"target"},"value":{"kind":"Variable","name":{"kind":"Name","value":"target"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<LogLinesSubscription, LogLinesSubscriptionVariables>;
export const InstancePullRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"InstancePullRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}},{"kind":"Field","name":{"kind":"Name","value":"drift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"commitChanged"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pullRequest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"repo"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"authorLogin"}},{"kind":"Field","name":{"kind":"Name","value":"headRepo"}},{"kind":"Field","name":{"kind":"Name","value":"headRef"}},{"kind":"Field","name":{"kind":"Name","value":"headSha"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"qualifies"}},{"kind":"Field","name":{"kind":"Name","value":"settingsYaml"}},{"kind":"Field","name":{"kind":"Name","value":"settingsError"}},{"kind":"Field","name":{"kind":"Name","value":"databaseModeTag"}},{"kind":"Field","name":{"kind":"Name","value":"deployedHeadSha"}},{"kind":"Field","name":{"kind":"Name","value":"settingsChangedSinceDeployment"}},{"kind":"Field","name":{"kind":"Name","value":"redeployDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastSyncedAt"}}]}}]}}]}}]} as unknown as DocumentNode<InstancePullRequestQuery, InstancePullRequestQueryVariables>;
export const UpdateInstanceFromPullRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateInstanceFromPullRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"pullRequestId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateInstanceFromPullRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"pullRequestId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"pullRequestId"}}},{"kind":"Argument","name":{"kind":"Name","value":"deploy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationUpdateInstanceFromPullRequestSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateInstanceFromPullRequestMutation, UpdateInstanceFromPullRequestMutationVariables>;
export const WatchedForksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WatchedForks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"watchedForks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"fork"}},{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"sandboxSubdomainTemplate"}},{"kind":"Field","name":{"kind":"Name","value":"redeployOnPush"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}}]}}]}}]} as unknown as DocumentNode<WatchedForksQuery, WatchedForksQueryVariables>;
export const CreateWatchedForkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWatchedFork"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWatchedForkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWatchedFork"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateWatchedForkSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateWatchedForkMutation, CreateWatchedForkMutationVariables>;
export const UpdateWatchedForkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWatchedFork"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"patch"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateWatchedForkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWatchedFork"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"patch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"patch"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationUpdateWatchedForkSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateWatchedForkMutation, UpdateWatchedForkMutationVariables>;
export const DeleteWatchedForkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWatchedFork"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWatchedFork"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteWatchedForkMutation, DeleteWatchedForkMutationVariables>;