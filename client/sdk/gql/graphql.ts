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
  /** The owning organization; default the creator's. Other organizations: instance managers and superusers only. */
  ownerOrganizationId?: string | null | undefined;
  /** SANDBOX (default) or PRODUCTION (stable defaults, PERSISTENT); immutable. */
  profile?: InstanceProfile | null | undefined;
  provisioningFailureEmails?: Array<string> | null | undefined;
  recipe?: Recipe | null | undefined;
  /** One DNS label: 3–63 lowercase letters, digits and hyphens. */
  subDomain: string;
};

export type DatabaseMode =
  | 'EPHEMERAL'
  | 'PERSISTENT';

export type DeploymentStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'HEALTHY'
  | 'OFFLINE'
  | 'PROVISIONING'
  | 'QUEUED'
  | 'UNHEALTHY';

export type DeploymentType =
  | 'ADMIN'
  | 'BATCH'
  | 'PERIODIC'
  | 'PR'
  | 'REGISTRATION'
  | 'USER';

export type InstanceEventKind =
  | 'APP_SERVER'
  | 'DEPLOYMENT'
  | 'INSTANCE'
  | 'SERVER';

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

export type Recipe =
  | 'ANSIBLE'
  | 'SHELL'
  | 'TUTOR';

export type SpawnAppServerOptions = {
  activateOnSuccess?: boolean | null | undefined;
  cancelPending?: boolean | null | undefined;
  numAttempts?: number | null | undefined;
};

export type StepStatus =
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCEEDED';

/** Only the fields given change; nothing is redeployed (the next spawn uses them). */
export type UpdateInstanceInput = {
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
  name?: string | null | undefined;
  /** A git ref: letters, digits and . _ / + - (≤ 200). */
  openedxRelease?: string | null | undefined;
  provisioningFailureEmails?: Array<string> | null | undefined;
  recipe?: Recipe | null | undefined;
};

export type SdkViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type SdkViewerQuery = { viewer: { id: string, username: string, isSuperuser: boolean } };

export type SdkInstanceSettingsFragment = { id: string, name: string, subDomain: string, baseDomain: string, profile: InstanceProfile, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, configurationExtraSettings: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, databaseMode: DatabaseMode, databaseName: string, appServerCount: number, flavor: string, image: string, sshKeyName: string, additionalSecurityGroups: Array<string>, externalLmsDomain: string | null, externalStudioDomain: string | null, externalPreviewDomain: string | null, monitoringEmails: Array<string>, provisioningFailureEmails: Array<string>, urls: { lms: string, studio: string, preview: string } };

export type SdkCreateInstanceMutationVariables = Exact<{
  input: CreateInstanceInput;
  deploy?: boolean | null | undefined;
}>;


export type SdkCreateInstanceMutation = { createInstance:
    | { __typename: 'MutationCreateInstanceSuccess', data: { id: string, name: string, subDomain: string, baseDomain: string, profile: InstanceProfile, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, configurationExtraSettings: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, databaseMode: DatabaseMode, databaseName: string, appServerCount: number, flavor: string, image: string, sshKeyName: string, additionalSecurityGroups: Array<string>, externalLmsDomain: string | null, externalStudioDomain: string | null, externalPreviewDomain: string | null, monitoringEmails: Array<string>, provisioningFailureEmails: Array<string>, deployments: { edges: Array<{ node: { id: string, status: DeploymentStatus, queuePosition: number | null } }> }, urls: { lms: string, studio: string, preview: string } } }
    | { __typename: 'ValidationError', message: string, field: string }
   };

export type SdkUpdateInstanceMutationVariables = Exact<{
  id: string;
  patch: UpdateInstanceInput;
}>;


export type SdkUpdateInstanceMutation = { updateInstance:
    | { __typename: 'InvalidStateError', message: string, currentState: string }
    | { __typename: 'MutationUpdateInstanceSuccess', data: { id: string, name: string, subDomain: string, baseDomain: string, profile: InstanceProfile, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, configurationExtraSettings: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, databaseMode: DatabaseMode, databaseName: string, appServerCount: number, flavor: string, image: string, sshKeyName: string, additionalSecurityGroups: Array<string>, externalLmsDomain: string | null, externalStudioDomain: string | null, externalPreviewDomain: string | null, monitoringEmails: Array<string>, provisioningFailureEmails: Array<string>, drift: { fields: Array<string>, commitChanged: boolean } | null, urls: { lms: string, studio: string, preview: string } } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'PrManagedFieldError', message: string }
    | { __typename: 'ValidationError', message: string, field: string }
   };

export type SdkDefaultsQueryVariables = Exact<{
  profile?: InstanceProfile | null | undefined;
}>;


export type SdkDefaultsQuery = { defaults: { profile: InstanceProfile, baseDomain: string, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, databaseMode: DatabaseMode, appServerCount: number, flavor: string, image: string, lmsPreviewDomainPrefix: string, studioDomainPrefix: string } };

export type SdkSpawnAppServerMutationVariables = Exact<{
  instanceId: string;
  options?: SpawnAppServerOptions | null | undefined;
}>;


export type SdkSpawnAppServerMutation = { spawnAppServer:
    | { __typename: 'InvalidStateError', message: string, currentState: string }
    | { __typename: 'MutationSpawnAppServerSuccess', data: { id: string, status: DeploymentStatus, type: DeploymentType, queuePosition: number | null, appServers: Array<{ id: string, name: string, status: AppServerStatus }> } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string, field: string }
   };

export type SdkActivateAppServerMutationVariables = Exact<{
  id: string;
  force?: boolean | null | undefined;
}>;


export type SdkActivateAppServerMutation = { activateAppServer:
    | { __typename: 'InvalidStateError', message: string, currentState: string }
    | { __typename: 'MutationActivateAppServerSuccess', data: { id: string, name: string, status: AppServerStatus, active: boolean, lastActivatedAt: string | null } }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'SmokeCheckFailedError', message: string }
   };

export type SdkInstanceQueryVariables = Exact<{
  id: string;
}>;


export type SdkInstanceQuery = { instance: { isArchived: boolean, id: string, name: string, subDomain: string, baseDomain: string, profile: InstanceProfile, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, configurationExtraSettings: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, databaseMode: DatabaseMode, databaseName: string, appServerCount: number, flavor: string, image: string, sshKeyName: string, additionalSecurityGroups: Array<string>, externalLmsDomain: string | null, externalStudioDomain: string | null, externalPreviewDomain: string | null, monitoringEmails: Array<string>, provisioningFailureEmails: Array<string>, drift: { fields: Array<string>, commitChanged: boolean, appServer: { id: string, name: string } } | null, activeAppServers: Array<{ id: string, name: string, status: AppServerStatus }>, newestAppServer: { id: string, name: string, status: AppServerStatus, isSteady: boolean } | null, urls: { lms: string, studio: string, preview: string } } | null };

export type SdkAppServerDetailsQueryVariables = Exact<{
  id: string;
}>;


export type SdkAppServerDetailsQuery = { appServer: { id: string, name: string, status: AppServerStatus, settingsRedacted: string | null, steps: Array<{ name: string, attempt: number, status: StepStatus, startedAt: string | null, finishedAt: string | null, durationSeconds: number | null, error: string | null }>, snapshot: { name: string, internalLmsDomain: string, internalStudioDomain: string, internalPreviewDomain: string, profile: InstanceProfile, recipe: Recipe, email: string, openedxRelease: string, configurationSourceRepoUrl: string, configurationVersion: string, configurationExtraSettings: string, edxPlatformRepositoryUrl: string, edxPlatformCommit: string, edxPlatformSha: string | null, databaseMode: DatabaseMode, flavor: string, image: string, sshKeyName: string, additionalSecurityGroups: Array<string>, grantedGithubLogins: Array<string> } } | null };

export type SdkDeploymentQueryVariables = Exact<{
  id: string;
}>;


export type SdkDeploymentQuery = { node:
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { type: DeploymentType, status: DeploymentStatus, queuePosition: number | null, targetCount: number, numAttempts: number, activateOnSuccess: boolean, failureReason: string | null, createdAt: string, startedAt: string | null, finishedAt: string | null, id: string, appServers: Array<{ id: string, name: string, status: AppServerStatus }> }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
    | { id: string }
   | null };

export type SdkAppServerQueryVariables = Exact<{
  id: string;
}>;


export type SdkAppServerQuery = { appServer: { id: string, name: string, status: AppServerStatus, isSteady: boolean, isHealthy: boolean, active: boolean, currentStep: string | null, failureReason: string | null, url: string | null, instance: { id: string }, deployment: { id: string, deploymentStatus: DeploymentStatus } } | null };

export type SdkAppServerStateFragment = { id: string, name: string, status: AppServerStatus, isSteady: boolean, isHealthy: boolean, active: boolean, currentStep: string | null, failureReason: string | null, url: string | null, instance: { id: string }, deployment: { id: string, deploymentStatus: DeploymentStatus } };

export type SdkLogLinesSubscriptionVariables = Exact<{
  target: string;
  afterId?: string | null | undefined;
}>;


export type SdkLogLinesSubscription = { logLines: { id: string, level: LogLevel, text: string, createdAt: string } };

export type SdkInstanceEventsSubscriptionVariables = Exact<{
  instanceId?: string | null | undefined;
}>;


export type SdkInstanceEventsSubscription = { instanceEvents: { kind: InstanceEventKind, node:
      | { id: string }
      | { id: string, name: string, status: AppServerStatus, isSteady: boolean, isHealthy: boolean, active: boolean, currentStep: string | null, failureReason: string | null, url: string | null, instance: { id: string }, deployment: { id: string, deploymentStatus: DeploymentStatus } }
      | { id: string }
      | { id: string }
      | { failureReason: string | null, id: string, deploymentStatus: DeploymentStatus }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
     } };

export type SdkTerminateAppServerMutationVariables = Exact<{
  id: string;
}>;


export type SdkTerminateAppServerMutation = { terminateAppServer:
    | { __typename: 'InvalidStateError', message: string, currentState: string }
    | { __typename: 'MutationTerminateAppServerSuccess', data: { id: string, name: string, status: AppServerStatus, pendingOperation: PendingOperation | null } }
    | { __typename: 'NotFoundError', message: string }
   };

export const SdkInstanceSettingsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkInstanceSettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Instance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"databaseName"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"sshKeyName"}},{"kind":"Field","name":{"kind":"Name","value":"additionalSecurityGroups"}},{"kind":"Field","name":{"kind":"Name","value":"externalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"monitoringEmails"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningFailureEmails"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}},{"kind":"Field","name":{"kind":"Name","value":"studio"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}}]}}]} as unknown as DocumentNode<SdkInstanceSettingsFragment, unknown>;
export const SdkAppServerStateFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkAppServerState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isSteady"}},{"kind":"Field","name":{"kind":"Name","value":"isHealthy"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"deploymentStatus"},"name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SdkAppServerStateFragment, unknown>;
export const SdkViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"isSuperuser"}}]}}]}}]} as unknown as DocumentNode<SdkViewerQuery, SdkViewerQueryVariables>;
export const SdkCreateInstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkCreateInstance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateInstanceInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createInstance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"deploy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationCreateInstanceSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SdkInstanceSettings"}},{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkInstanceSettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Instance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"databaseName"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"sshKeyName"}},{"kind":"Field","name":{"kind":"Name","value":"additionalSecurityGroups"}},{"kind":"Field","name":{"kind":"Name","value":"externalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"monitoringEmails"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningFailureEmails"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}},{"kind":"Field","name":{"kind":"Name","value":"studio"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}}]}}]} as unknown as DocumentNode<SdkCreateInstanceMutation, SdkCreateInstanceMutationVariables>;
export const SdkUpdateInstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkUpdateInstance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"patch"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateInstanceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateInstance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"patch"},"value":{"kind":"Variable","name":{"kind":"Name","value":"patch"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidStateError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentState"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationUpdateInstanceSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SdkInstanceSettings"}},{"kind":"Field","name":{"kind":"Name","value":"drift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"commitChanged"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkInstanceSettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Instance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"databaseName"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"sshKeyName"}},{"kind":"Field","name":{"kind":"Name","value":"additionalSecurityGroups"}},{"kind":"Field","name":{"kind":"Name","value":"externalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"monitoringEmails"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningFailureEmails"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}},{"kind":"Field","name":{"kind":"Name","value":"studio"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}}]}}]} as unknown as DocumentNode<SdkUpdateInstanceMutation, SdkUpdateInstanceMutationVariables>;
export const SdkDefaultsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkDefaults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"profile"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"InstanceProfile"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"defaults"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"profile"},"value":{"kind":"Variable","name":{"kind":"Name","value":"profile"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"lmsPreviewDomainPrefix"}},{"kind":"Field","name":{"kind":"Name","value":"studioDomainPrefix"}}]}}]}}]} as unknown as DocumentNode<SdkDefaultsQuery, SdkDefaultsQueryVariables>;
export const SdkSpawnAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkSpawnAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"options"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SpawnAppServerOptions"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"spawnAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}},{"kind":"Argument","name":{"kind":"Name","value":"options"},"value":{"kind":"Variable","name":{"kind":"Name","value":"options"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidStateError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentState"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationSpawnAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"appServers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkSpawnAppServerMutation, SdkSpawnAppServerMutationVariables>;
export const SdkActivateAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkActivateAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"force"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"activateAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"force"},"value":{"kind":"Variable","name":{"kind":"Name","value":"force"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidStateError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentState"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationActivateAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivatedAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkActivateAppServerMutation, SdkActivateAppServerMutationVariables>;
export const SdkInstanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkInstance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instance"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SdkInstanceSettings"}},{"kind":"Field","name":{"kind":"Name","value":"isArchived"}},{"kind":"Field","name":{"kind":"Name","value":"drift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fields"}},{"kind":"Field","name":{"kind":"Name","value":"commitChanged"}},{"kind":"Field","name":{"kind":"Name","value":"appServer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"activeAppServers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"newestAppServer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isSteady"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkInstanceSettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Instance"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"subDomain"}},{"kind":"Field","name":{"kind":"Name","value":"baseDomain"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"databaseName"}},{"kind":"Field","name":{"kind":"Name","value":"appServerCount"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"sshKeyName"}},{"kind":"Field","name":{"kind":"Name","value":"additionalSecurityGroups"}},{"kind":"Field","name":{"kind":"Name","value":"externalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"externalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"monitoringEmails"}},{"kind":"Field","name":{"kind":"Name","value":"provisioningFailureEmails"}},{"kind":"Field","name":{"kind":"Name","value":"urls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lms"}},{"kind":"Field","name":{"kind":"Name","value":"studio"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}}]}}]} as unknown as DocumentNode<SdkInstanceQuery, SdkInstanceQueryVariables>;
export const SdkAppServerDetailsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkAppServerDetails"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"appServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"attempt"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"durationSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}},{"kind":"Field","name":{"kind":"Name","value":"snapshot"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"internalLmsDomain"}},{"kind":"Field","name":{"kind":"Name","value":"internalStudioDomain"}},{"kind":"Field","name":{"kind":"Name","value":"internalPreviewDomain"}},{"kind":"Field","name":{"kind":"Name","value":"profile"}},{"kind":"Field","name":{"kind":"Name","value":"recipe"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"openedxRelease"}},{"kind":"Field","name":{"kind":"Name","value":"configurationSourceRepoUrl"}},{"kind":"Field","name":{"kind":"Name","value":"configurationVersion"}},{"kind":"Field","name":{"kind":"Name","value":"configurationExtraSettings"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformRepositoryUrl"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformCommit"}},{"kind":"Field","name":{"kind":"Name","value":"edxPlatformSha"}},{"kind":"Field","name":{"kind":"Name","value":"databaseMode"}},{"kind":"Field","name":{"kind":"Name","value":"flavor"}},{"kind":"Field","name":{"kind":"Name","value":"image"}},{"kind":"Field","name":{"kind":"Name","value":"sshKeyName"}},{"kind":"Field","name":{"kind":"Name","value":"additionalSecurityGroups"}},{"kind":"Field","name":{"kind":"Name","value":"grantedGithubLogins"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settingsRedacted"}}]}}]}}]} as unknown as DocumentNode<SdkAppServerDetailsQuery, SdkAppServerDetailsQueryVariables>;
export const SdkDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"queuePosition"}},{"kind":"Field","name":{"kind":"Name","value":"targetCount"}},{"kind":"Field","name":{"kind":"Name","value":"numAttempts"}},{"kind":"Field","name":{"kind":"Name","value":"activateOnSuccess"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"appServers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkDeploymentQuery, SdkDeploymentQueryVariables>;
export const SdkAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SdkAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"appServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SdkAppServerState"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkAppServerState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isSteady"}},{"kind":"Field","name":{"kind":"Name","value":"isHealthy"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"deploymentStatus"},"name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SdkAppServerQuery, SdkAppServerQueryVariables>;
export const SdkLogLinesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SdkLogLines"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"target"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logLines"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"target"},"value":{"kind":"Variable","name":{"kind":"Name","value":"target"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]} as unknown as DocumentNode<SdkLogLinesSubscription, SdkLogLinesSubscriptionVariables>;
export const SdkInstanceEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SdkInstanceEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SdkAppServerState"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Deployment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"deploymentStatus"},"name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SdkAppServerState"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AppServer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isSteady"}},{"kind":"Field","name":{"kind":"Name","value":"isHealthy"}},{"kind":"Field","name":{"kind":"Name","value":"active"}},{"kind":"Field","name":{"kind":"Name","value":"currentStep"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"instance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"deploymentStatus"},"name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<SdkInstanceEventsSubscription, SdkInstanceEventsSubscriptionVariables>;
export const SdkTerminateAppServerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SdkTerminateAppServer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"terminateAppServer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidStateError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"currentState"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MutationTerminateAppServerSuccess"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"data"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pendingOperation"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SdkTerminateAppServerMutation, SdkTerminateAppServerMutationVariables>;