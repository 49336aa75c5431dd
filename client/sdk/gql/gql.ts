/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query SdkViewer {\n    viewer { id username isSuperuser }\n  }\n": typeof types.SdkViewerDocument,
    "\n  fragment SdkInstanceSettings on Instance {\n    id name subDomain baseDomain profile recipe email openedxRelease\n    configurationSourceRepoUrl configurationVersion configurationExtraSettings\n    edxPlatformRepositoryUrl edxPlatformCommit databaseMode databaseName appServerCount\n    flavor image sshKeyName additionalSecurityGroups\n    externalLmsDomain externalStudioDomain externalPreviewDomain\n    monitoringEmails provisioningFailureEmails\n    urls { lms studio preview }\n  }\n": typeof types.SdkInstanceSettingsFragmentDoc,
    "\n  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on MutationCreateInstanceSuccess {\n        data { ...SdkInstanceSettings deployments(first: 1) { edges { node { id status queuePosition } } } }\n      }\n    }\n  }\n": typeof types.SdkCreateInstanceDocument,
    "\n  mutation SdkUpdateInstance($id: ID!, $patch: UpdateInstanceInput!) {\n    updateInstance(id: $id, patch: $patch) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationUpdateInstanceSuccess {\n        data { ...SdkInstanceSettings drift { fields commitChanged } }\n      }\n    }\n  }\n": typeof types.SdkUpdateInstanceDocument,
    "\n  query SdkDefaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      profile baseDomain recipe email openedxRelease configurationSourceRepoUrl configurationVersion\n      edxPlatformRepositoryUrl edxPlatformCommit databaseMode appServerCount flavor image\n      lmsPreviewDomainPrefix studioDomainPrefix\n    }\n  }\n": typeof types.SdkDefaultsDocument,
    "\n  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {\n    spawnAppServer(instanceId: $instanceId, options: $options) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationSpawnAppServerSuccess {\n        data { id status type queuePosition appServers { id name status } }\n      }\n    }\n  }\n": typeof types.SdkSpawnAppServerDocument,
    "\n  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationActivateAppServerSuccess {\n        data { id name status active lastActivatedAt }\n      }\n    }\n  }\n": typeof types.SdkActivateAppServerDocument,
    "\n  query SdkInstance($id: ID!) {\n    instance(id: $id) {\n      ...SdkInstanceSettings\n      isArchived\n      drift { fields commitChanged appServer { id name } }\n      activeAppServers { id name status }\n      newestAppServer { id name status isSteady }\n    }\n  }\n": typeof types.SdkInstanceDocument,
    "\n  query SdkAppServerDetails($id: ID!) {\n    appServer(id: $id) {\n      id name status\n      steps { name attempt status startedAt finishedAt durationSeconds error }\n      snapshot {\n        name internalLmsDomain internalStudioDomain internalPreviewDomain profile recipe email openedxRelease\n        configurationSourceRepoUrl configurationVersion configurationExtraSettings\n        edxPlatformRepositoryUrl edxPlatformCommit edxPlatformSha databaseMode flavor image sshKeyName\n        additionalSecurityGroups grantedGithubLogins\n      }\n      settingsRedacted\n    }\n  }\n": typeof types.SdkAppServerDetailsDocument,
    "\n  query SdkDeployment($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Deployment { type status queuePosition targetCount numAttempts activateOnSuccess failureReason createdAt startedAt finishedAt appServers { id name status } }\n    }\n  }\n": typeof types.SdkDeploymentDocument,
    "\n  query SdkAppServer($id: ID!) {\n    appServer(id: $id) {\n      ...SdkAppServerState\n    }\n  }\n": typeof types.SdkAppServerDocument,
    "\n  fragment SdkAppServerState on AppServer {\n    id name status isSteady isHealthy active currentStep failureReason url\n    instance { id }\n    deployment { id deploymentStatus: status }\n  }\n": typeof types.SdkAppServerStateFragmentDoc,
    "\n  subscription SdkLogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) { id level text createdAt }\n  }\n": typeof types.SdkLogLinesDocument,
    "\n  subscription SdkInstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        id\n        ... on AppServer { ...SdkAppServerState }\n        ... on Deployment { deploymentStatus: status failureReason }\n      }\n    }\n  }\n": typeof types.SdkInstanceEventsDocument,
    "\n  mutation SdkTerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationTerminateAppServerSuccess {\n        data { id name status pendingOperation }\n      }\n    }\n  }\n": typeof types.SdkTerminateAppServerDocument,
};
const documents: Documents = {
    "\n  query SdkViewer {\n    viewer { id username isSuperuser }\n  }\n": types.SdkViewerDocument,
    "\n  fragment SdkInstanceSettings on Instance {\n    id name subDomain baseDomain profile recipe email openedxRelease\n    configurationSourceRepoUrl configurationVersion configurationExtraSettings\n    edxPlatformRepositoryUrl edxPlatformCommit databaseMode databaseName appServerCount\n    flavor image sshKeyName additionalSecurityGroups\n    externalLmsDomain externalStudioDomain externalPreviewDomain\n    monitoringEmails provisioningFailureEmails\n    urls { lms studio preview }\n  }\n": types.SdkInstanceSettingsFragmentDoc,
    "\n  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on MutationCreateInstanceSuccess {\n        data { ...SdkInstanceSettings deployments(first: 1) { edges { node { id status queuePosition } } } }\n      }\n    }\n  }\n": types.SdkCreateInstanceDocument,
    "\n  mutation SdkUpdateInstance($id: ID!, $patch: UpdateInstanceInput!) {\n    updateInstance(id: $id, patch: $patch) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationUpdateInstanceSuccess {\n        data { ...SdkInstanceSettings drift { fields commitChanged } }\n      }\n    }\n  }\n": types.SdkUpdateInstanceDocument,
    "\n  query SdkDefaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      profile baseDomain recipe email openedxRelease configurationSourceRepoUrl configurationVersion\n      edxPlatformRepositoryUrl edxPlatformCommit databaseMode appServerCount flavor image\n      lmsPreviewDomainPrefix studioDomainPrefix\n    }\n  }\n": types.SdkDefaultsDocument,
    "\n  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {\n    spawnAppServer(instanceId: $instanceId, options: $options) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationSpawnAppServerSuccess {\n        data { id status type queuePosition appServers { id name status } }\n      }\n    }\n  }\n": types.SdkSpawnAppServerDocument,
    "\n  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationActivateAppServerSuccess {\n        data { id name status active lastActivatedAt }\n      }\n    }\n  }\n": types.SdkActivateAppServerDocument,
    "\n  query SdkInstance($id: ID!) {\n    instance(id: $id) {\n      ...SdkInstanceSettings\n      isArchived\n      drift { fields commitChanged appServer { id name } }\n      activeAppServers { id name status }\n      newestAppServer { id name status isSteady }\n    }\n  }\n": types.SdkInstanceDocument,
    "\n  query SdkAppServerDetails($id: ID!) {\n    appServer(id: $id) {\n      id name status\n      steps { name attempt status startedAt finishedAt durationSeconds error }\n      snapshot {\n        name internalLmsDomain internalStudioDomain internalPreviewDomain profile recipe email openedxRelease\n        configurationSourceRepoUrl configurationVersion configurationExtraSettings\n        edxPlatformRepositoryUrl edxPlatformCommit edxPlatformSha databaseMode flavor image sshKeyName\n        additionalSecurityGroups grantedGithubLogins\n      }\n      settingsRedacted\n    }\n  }\n": types.SdkAppServerDetailsDocument,
    "\n  query SdkDeployment($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Deployment { type status queuePosition targetCount numAttempts activateOnSuccess failureReason createdAt startedAt finishedAt appServers { id name status } }\n    }\n  }\n": types.SdkDeploymentDocument,
    "\n  query SdkAppServer($id: ID!) {\n    appServer(id: $id) {\n      ...SdkAppServerState\n    }\n  }\n": types.SdkAppServerDocument,
    "\n  fragment SdkAppServerState on AppServer {\n    id name status isSteady isHealthy active currentStep failureReason url\n    instance { id }\n    deployment { id deploymentStatus: status }\n  }\n": types.SdkAppServerStateFragmentDoc,
    "\n  subscription SdkLogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) { id level text createdAt }\n  }\n": types.SdkLogLinesDocument,
    "\n  subscription SdkInstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        id\n        ... on AppServer { ...SdkAppServerState }\n        ... on Deployment { deploymentStatus: status failureReason }\n      }\n    }\n  }\n": types.SdkInstanceEventsDocument,
    "\n  mutation SdkTerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationTerminateAppServerSuccess {\n        data { id name status pendingOperation }\n      }\n    }\n  }\n": types.SdkTerminateAppServerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkViewer {\n    viewer { id username isSuperuser }\n  }\n"): (typeof documents)["\n  query SdkViewer {\n    viewer { id username isSuperuser }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SdkInstanceSettings on Instance {\n    id name subDomain baseDomain profile recipe email openedxRelease\n    configurationSourceRepoUrl configurationVersion configurationExtraSettings\n    edxPlatformRepositoryUrl edxPlatformCommit databaseMode databaseName appServerCount\n    flavor image sshKeyName additionalSecurityGroups\n    externalLmsDomain externalStudioDomain externalPreviewDomain\n    monitoringEmails provisioningFailureEmails\n    urls { lms studio preview }\n  }\n"): (typeof documents)["\n  fragment SdkInstanceSettings on Instance {\n    id name subDomain baseDomain profile recipe email openedxRelease\n    configurationSourceRepoUrl configurationVersion configurationExtraSettings\n    edxPlatformRepositoryUrl edxPlatformCommit databaseMode databaseName appServerCount\n    flavor image sshKeyName additionalSecurityGroups\n    externalLmsDomain externalStudioDomain externalPreviewDomain\n    monitoringEmails provisioningFailureEmails\n    urls { lms studio preview }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on MutationCreateInstanceSuccess {\n        data { ...SdkInstanceSettings deployments(first: 1) { edges { node { id status queuePosition } } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkCreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on MutationCreateInstanceSuccess {\n        data { ...SdkInstanceSettings deployments(first: 1) { edges { node { id status queuePosition } } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkUpdateInstance($id: ID!, $patch: UpdateInstanceInput!) {\n    updateInstance(id: $id, patch: $patch) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationUpdateInstanceSuccess {\n        data { ...SdkInstanceSettings drift { fields commitChanged } }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkUpdateInstance($id: ID!, $patch: UpdateInstanceInput!) {\n    updateInstance(id: $id, patch: $patch) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationUpdateInstanceSuccess {\n        data { ...SdkInstanceSettings drift { fields commitChanged } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkDefaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      profile baseDomain recipe email openedxRelease configurationSourceRepoUrl configurationVersion\n      edxPlatformRepositoryUrl edxPlatformCommit databaseMode appServerCount flavor image\n      lmsPreviewDomainPrefix studioDomainPrefix\n    }\n  }\n"): (typeof documents)["\n  query SdkDefaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      profile baseDomain recipe email openedxRelease configurationSourceRepoUrl configurationVersion\n      edxPlatformRepositoryUrl edxPlatformCommit databaseMode appServerCount flavor image\n      lmsPreviewDomainPrefix studioDomainPrefix\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {\n    spawnAppServer(instanceId: $instanceId, options: $options) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationSpawnAppServerSuccess {\n        data { id status type queuePosition appServers { id name status } }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkSpawnAppServer($instanceId: ID!, $options: SpawnAppServerOptions) {\n    spawnAppServer(instanceId: $instanceId, options: $options) {\n      __typename\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on InvalidStateError { currentState }\n      ... on MutationSpawnAppServerSuccess {\n        data { id status type queuePosition appServers { id name status } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationActivateAppServerSuccess {\n        data { id name status active lastActivatedAt }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationActivateAppServerSuccess {\n        data { id name status active lastActivatedAt }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkInstance($id: ID!) {\n    instance(id: $id) {\n      ...SdkInstanceSettings\n      isArchived\n      drift { fields commitChanged appServer { id name } }\n      activeAppServers { id name status }\n      newestAppServer { id name status isSteady }\n    }\n  }\n"): (typeof documents)["\n  query SdkInstance($id: ID!) {\n    instance(id: $id) {\n      ...SdkInstanceSettings\n      isArchived\n      drift { fields commitChanged appServer { id name } }\n      activeAppServers { id name status }\n      newestAppServer { id name status isSteady }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkAppServerDetails($id: ID!) {\n    appServer(id: $id) {\n      id name status\n      steps { name attempt status startedAt finishedAt durationSeconds error }\n      snapshot {\n        name internalLmsDomain internalStudioDomain internalPreviewDomain profile recipe email openedxRelease\n        configurationSourceRepoUrl configurationVersion configurationExtraSettings\n        edxPlatformRepositoryUrl edxPlatformCommit edxPlatformSha databaseMode flavor image sshKeyName\n        additionalSecurityGroups grantedGithubLogins\n      }\n      settingsRedacted\n    }\n  }\n"): (typeof documents)["\n  query SdkAppServerDetails($id: ID!) {\n    appServer(id: $id) {\n      id name status\n      steps { name attempt status startedAt finishedAt durationSeconds error }\n      snapshot {\n        name internalLmsDomain internalStudioDomain internalPreviewDomain profile recipe email openedxRelease\n        configurationSourceRepoUrl configurationVersion configurationExtraSettings\n        edxPlatformRepositoryUrl edxPlatformCommit edxPlatformSha databaseMode flavor image sshKeyName\n        additionalSecurityGroups grantedGithubLogins\n      }\n      settingsRedacted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkDeployment($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Deployment { type status queuePosition targetCount numAttempts activateOnSuccess failureReason createdAt startedAt finishedAt appServers { id name status } }\n    }\n  }\n"): (typeof documents)["\n  query SdkDeployment($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Deployment { type status queuePosition targetCount numAttempts activateOnSuccess failureReason createdAt startedAt finishedAt appServers { id name status } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SdkAppServer($id: ID!) {\n    appServer(id: $id) {\n      ...SdkAppServerState\n    }\n  }\n"): (typeof documents)["\n  query SdkAppServer($id: ID!) {\n    appServer(id: $id) {\n      ...SdkAppServerState\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SdkAppServerState on AppServer {\n    id name status isSteady isHealthy active currentStep failureReason url\n    instance { id }\n    deployment { id deploymentStatus: status }\n  }\n"): (typeof documents)["\n  fragment SdkAppServerState on AppServer {\n    id name status isSteady isHealthy active currentStep failureReason url\n    instance { id }\n    deployment { id deploymentStatus: status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkLogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) { id level text createdAt }\n  }\n"): (typeof documents)["\n  subscription SdkLogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) { id level text createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SdkInstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        id\n        ... on AppServer { ...SdkAppServerState }\n        ... on Deployment { deploymentStatus: status failureReason }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription SdkInstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        id\n        ... on AppServer { ...SdkAppServerState }\n        ... on Deployment { deploymentStatus: status failureReason }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SdkTerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationTerminateAppServerSuccess {\n        data { id name status pendingOperation }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SdkTerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on Error { message }\n      ... on InvalidStateError { currentState }\n      ... on MutationTerminateAppServerSuccess {\n        data { id name status pendingOperation }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;