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
    "\n  query Viewer {\n    viewer {\n      id\n      username\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": typeof types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      updatedAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n": typeof types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": typeof types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": typeof types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": typeof types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": typeof types.LogLinesDocument,
    "\n  query InstancePullRequest($id: ID!) {\n    instance(id: $id) {\n      id\n      isArchived\n      drift {\n        fields\n        commitChanged\n      }\n      pullRequest {\n        id\n        repo\n        number\n        url\n        title\n        authorLogin\n        headRepo\n        headRef\n        headSha\n        state\n        qualifies\n        settingsYaml\n        settingsError\n        databaseModeTag\n        deployedHeadSha\n        settingsChangedSinceDeployment\n        redeployDueAt\n        lastSyncedAt\n      }\n    }\n  }\n": typeof types.InstancePullRequestDocument,
    "\n  mutation UpdateInstanceFromPullRequest($pullRequestId: ID!, $deploy: Boolean) {\n    updateInstanceFromPullRequest(pullRequestId: $pullRequestId, deploy: $deploy) {\n      __typename\n      ... on MutationUpdateInstanceFromPullRequestSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateInstanceFromPullRequestDocument,
    "\n  query WatchedForks {\n    watchedForks {\n      id\n      fork\n      organizationName\n      enabled\n      sandboxSubdomainTemplate\n      redeployOnPush\n      openedxRelease\n      configurationSourceRepoUrl\n      configurationVersion\n      image\n      configurationExtraSettings\n    }\n  }\n": typeof types.WatchedForksDocument,
    "\n  mutation CreateWatchedFork($input: CreateWatchedForkInput!) {\n    createWatchedFork(input: $input) {\n      __typename\n      ... on MutationCreateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateWatchedForkDocument,
    "\n  mutation UpdateWatchedFork($id: ID!, $patch: UpdateWatchedForkInput!) {\n    updateWatchedFork(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.UpdateWatchedForkDocument,
    "\n  mutation DeleteWatchedFork($id: ID!) {\n    deleteWatchedFork(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteWatchedForkDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      id\n      username\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      updatedAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n": types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": types.LogLinesDocument,
    "\n  query InstancePullRequest($id: ID!) {\n    instance(id: $id) {\n      id\n      isArchived\n      drift {\n        fields\n        commitChanged\n      }\n      pullRequest {\n        id\n        repo\n        number\n        url\n        title\n        authorLogin\n        headRepo\n        headRef\n        headSha\n        state\n        qualifies\n        settingsYaml\n        settingsError\n        databaseModeTag\n        deployedHeadSha\n        settingsChangedSinceDeployment\n        redeployDueAt\n        lastSyncedAt\n      }\n    }\n  }\n": types.InstancePullRequestDocument,
    "\n  mutation UpdateInstanceFromPullRequest($pullRequestId: ID!, $deploy: Boolean) {\n    updateInstanceFromPullRequest(pullRequestId: $pullRequestId, deploy: $deploy) {\n      __typename\n      ... on MutationUpdateInstanceFromPullRequestSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateInstanceFromPullRequestDocument,
    "\n  query WatchedForks {\n    watchedForks {\n      id\n      fork\n      organizationName\n      enabled\n      sandboxSubdomainTemplate\n      redeployOnPush\n      openedxRelease\n      configurationSourceRepoUrl\n      configurationVersion\n      image\n      configurationExtraSettings\n    }\n  }\n": types.WatchedForksDocument,
    "\n  mutation CreateWatchedFork($input: CreateWatchedForkInput!) {\n    createWatchedFork(input: $input) {\n      __typename\n      ... on MutationCreateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateWatchedForkDocument,
    "\n  mutation UpdateWatchedFork($id: ID!, $patch: UpdateWatchedForkInput!) {\n    updateWatchedFork(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.UpdateWatchedForkDocument,
    "\n  mutation DeleteWatchedFork($id: ID!) {\n    deleteWatchedFork(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteWatchedForkDocument,
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
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      username\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      username\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n"): (typeof documents)["\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      updatedAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      updatedAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InstancePullRequest($id: ID!) {\n    instance(id: $id) {\n      id\n      isArchived\n      drift {\n        fields\n        commitChanged\n      }\n      pullRequest {\n        id\n        repo\n        number\n        url\n        title\n        authorLogin\n        headRepo\n        headRef\n        headSha\n        state\n        qualifies\n        settingsYaml\n        settingsError\n        databaseModeTag\n        deployedHeadSha\n        settingsChangedSinceDeployment\n        redeployDueAt\n        lastSyncedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query InstancePullRequest($id: ID!) {\n    instance(id: $id) {\n      id\n      isArchived\n      drift {\n        fields\n        commitChanged\n      }\n      pullRequest {\n        id\n        repo\n        number\n        url\n        title\n        authorLogin\n        headRepo\n        headRef\n        headSha\n        state\n        qualifies\n        settingsYaml\n        settingsError\n        databaseModeTag\n        deployedHeadSha\n        settingsChangedSinceDeployment\n        redeployDueAt\n        lastSyncedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateInstanceFromPullRequest($pullRequestId: ID!, $deploy: Boolean) {\n    updateInstanceFromPullRequest(pullRequestId: $pullRequestId, deploy: $deploy) {\n      __typename\n      ... on MutationUpdateInstanceFromPullRequestSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateInstanceFromPullRequest($pullRequestId: ID!, $deploy: Boolean) {\n    updateInstanceFromPullRequest(pullRequestId: $pullRequestId, deploy: $deploy) {\n      __typename\n      ... on MutationUpdateInstanceFromPullRequestSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WatchedForks {\n    watchedForks {\n      id\n      fork\n      organizationName\n      enabled\n      sandboxSubdomainTemplate\n      redeployOnPush\n      openedxRelease\n      configurationSourceRepoUrl\n      configurationVersion\n      image\n      configurationExtraSettings\n    }\n  }\n"): (typeof documents)["\n  query WatchedForks {\n    watchedForks {\n      id\n      fork\n      organizationName\n      enabled\n      sandboxSubdomainTemplate\n      redeployOnPush\n      openedxRelease\n      configurationSourceRepoUrl\n      configurationVersion\n      image\n      configurationExtraSettings\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWatchedFork($input: CreateWatchedForkInput!) {\n    createWatchedFork(input: $input) {\n      __typename\n      ... on MutationCreateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWatchedFork($input: CreateWatchedForkInput!) {\n    createWatchedFork(input: $input) {\n      __typename\n      ... on MutationCreateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWatchedFork($id: ID!, $patch: UpdateWatchedForkInput!) {\n    updateWatchedFork(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWatchedFork($id: ID!, $patch: UpdateWatchedForkInput!) {\n    updateWatchedFork(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateWatchedForkSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWatchedFork($id: ID!) {\n    deleteWatchedFork(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWatchedFork($id: ID!) {\n    deleteWatchedFork(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;