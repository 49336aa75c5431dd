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
    "\n  query Viewer {\n    viewer {\n      id\n      username\n      isSuperuser\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n          isSuperuser\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": typeof types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      externalDomains\n      cnameTarget\n      openedxRelease\n      databaseMode\n      deleteRequestedAt\n      storageBucket\n      mysqlServer {\n        id\n        name\n      }\n      mongodbServer {\n        id\n        name\n      }\n      rabbitmqServer {\n        id\n        name\n      }\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n      availability {\n        url\n        up\n        consecutiveFailures\n        lastStatus\n        lastError\n        downSince\n        lastCheckedAt\n      }\n      rollbackWatch {\n        switchedAt\n        endsAt\n        consecutiveFailures\n        rolledBackAt\n      }\n    }\n  }\n": typeof types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": typeof types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      lastSmokeCheck {\n        checkedAt\n        ok\n        summary\n        checks {\n          name\n          url\n          ok\n          status\n          error\n        }\n      }\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": typeof types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": typeof types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": typeof types.LogLinesDocument,
    "\n  query LoadBalancingServers {\n    loadBalancingServers {\n      id\n      domain\n      sshUsername\n      fragmentNamePostfix\n      configurationVersion\n      deployedConfigurationVersion\n      lastError\n      cnameTarget\n      instanceCount\n    }\n  }\n": typeof types.LoadBalancingServersDocument,
    "\n  mutation CreateLoadBalancingServer($input: CreateLoadBalancingServerInput!) {\n    createLoadBalancingServer(input: $input) {\n      __typename\n      ... on MutationCreateLoadBalancingServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateLoadBalancingServerDocument,
    "\n  mutation DeleteLoadBalancingServer($id: ID!) {\n    deleteLoadBalancingServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteLoadBalancingServerDocument,
    "\n  query NotificationSettings {\n    notificationSettings {\n      mailTransport\n      emailFrom\n      adminRecipients\n      webhookConfigured\n      monitoringProvider\n      availabilityChecksSchedule\n      availabilityAlertAfterFailures\n      activationSmokeChecks\n      activationWatchMinutes\n    }\n  }\n": typeof types.NotificationSettingsDocument,
    "\n  mutation SetDatabaseMode($id: ID!, $databaseMode: DatabaseMode!) {\n    updateInstance(id: $id, patch: { databaseMode: $databaseMode }) {\n      __typename\n      ... on MutationUpdateInstanceSuccess {\n        data {\n          id\n          databaseMode\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.SetDatabaseModeDocument,
    "\n  query InstanceDeleteAllowed {\n    instanceDeleteAllowed\n  }\n": typeof types.InstanceDeleteAllowedDocument,
    "\n  mutation DeleteInstance($id: ID!, $confirmDomain: String!) {\n    deleteInstance(id: $id, confirmDomain: $confirmDomain) {\n      __typename\n      ... on MutationDeleteInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteInstanceDocument,
    "\n  fragment SharedServerFields on SharedServer {\n    id\n    kind\n    name\n    description\n    url\n    instanceHost\n    instancePort\n    acceptsNewClients\n    instanceCount\n  }\n": typeof types.SharedServerFieldsFragmentDoc,
    "\n  query SharedServers {\n    mysql: sharedServers(kind: MYSQL) {\n      ...SharedServerFields\n    }\n    mongodb: sharedServers(kind: MONGODB) {\n      ...SharedServerFields\n    }\n    rabbitmq: sharedServers(kind: RABBITMQ) {\n      ...SharedServerFields\n    }\n  }\n": typeof types.SharedServersDocument,
    "\n  mutation CreateSharedServer($input: CreateSharedServerInput!) {\n    createSharedServer(input: $input) {\n      __typename\n      ... on MutationCreateSharedServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CreateSharedServerDocument,
    "\n  mutation UpdateSharedServer($id: ID!, $patch: UpdateSharedServerInput!) {\n    updateSharedServer(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateSharedServerSuccess {\n        data {\n          id\n          acceptsNewClients\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateSharedServerDocument,
    "\n  mutation DeleteSharedServer($id: ID!) {\n    deleteSharedServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeleteSharedServerDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      id\n      username\n      isSuperuser\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n          isSuperuser\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      externalDomains\n      cnameTarget\n      openedxRelease\n      databaseMode\n      deleteRequestedAt\n      storageBucket\n      mysqlServer {\n        id\n        name\n      }\n      mongodbServer {\n        id\n        name\n      }\n      rabbitmqServer {\n        id\n        name\n      }\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n      availability {\n        url\n        up\n        consecutiveFailures\n        lastStatus\n        lastError\n        downSince\n        lastCheckedAt\n      }\n      rollbackWatch {\n        switchedAt\n        endsAt\n        consecutiveFailures\n        rolledBackAt\n      }\n    }\n  }\n": types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      lastSmokeCheck {\n        checkedAt\n        ok\n        summary\n        checks {\n          name\n          url\n          ok\n          status\n          error\n        }\n      }\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": types.LogLinesDocument,
    "\n  query LoadBalancingServers {\n    loadBalancingServers {\n      id\n      domain\n      sshUsername\n      fragmentNamePostfix\n      configurationVersion\n      deployedConfigurationVersion\n      lastError\n      cnameTarget\n      instanceCount\n    }\n  }\n": types.LoadBalancingServersDocument,
    "\n  mutation CreateLoadBalancingServer($input: CreateLoadBalancingServerInput!) {\n    createLoadBalancingServer(input: $input) {\n      __typename\n      ... on MutationCreateLoadBalancingServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateLoadBalancingServerDocument,
    "\n  mutation DeleteLoadBalancingServer($id: ID!) {\n    deleteLoadBalancingServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteLoadBalancingServerDocument,
    "\n  query NotificationSettings {\n    notificationSettings {\n      mailTransport\n      emailFrom\n      adminRecipients\n      webhookConfigured\n      monitoringProvider\n      availabilityChecksSchedule\n      availabilityAlertAfterFailures\n      activationSmokeChecks\n      activationWatchMinutes\n    }\n  }\n": types.NotificationSettingsDocument,
    "\n  mutation SetDatabaseMode($id: ID!, $databaseMode: DatabaseMode!) {\n    updateInstance(id: $id, patch: { databaseMode: $databaseMode }) {\n      __typename\n      ... on MutationUpdateInstanceSuccess {\n        data {\n          id\n          databaseMode\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.SetDatabaseModeDocument,
    "\n  query InstanceDeleteAllowed {\n    instanceDeleteAllowed\n  }\n": types.InstanceDeleteAllowedDocument,
    "\n  mutation DeleteInstance($id: ID!, $confirmDomain: String!) {\n    deleteInstance(id: $id, confirmDomain: $confirmDomain) {\n      __typename\n      ... on MutationDeleteInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteInstanceDocument,
    "\n  fragment SharedServerFields on SharedServer {\n    id\n    kind\n    name\n    description\n    url\n    instanceHost\n    instancePort\n    acceptsNewClients\n    instanceCount\n  }\n": types.SharedServerFieldsFragmentDoc,
    "\n  query SharedServers {\n    mysql: sharedServers(kind: MYSQL) {\n      ...SharedServerFields\n    }\n    mongodb: sharedServers(kind: MONGODB) {\n      ...SharedServerFields\n    }\n    rabbitmq: sharedServers(kind: RABBITMQ) {\n      ...SharedServerFields\n    }\n  }\n": types.SharedServersDocument,
    "\n  mutation CreateSharedServer($input: CreateSharedServerInput!) {\n    createSharedServer(input: $input) {\n      __typename\n      ... on MutationCreateSharedServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CreateSharedServerDocument,
    "\n  mutation UpdateSharedServer($id: ID!, $patch: UpdateSharedServerInput!) {\n    updateSharedServer(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateSharedServerSuccess {\n        data {\n          id\n          acceptsNewClients\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateSharedServerDocument,
    "\n  mutation DeleteSharedServer($id: ID!) {\n    deleteSharedServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeleteSharedServerDocument,
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
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      username\n      isSuperuser\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      username\n      isSuperuser\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n          isSuperuser\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n          isSuperuser\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      externalDomains\n      cnameTarget\n      openedxRelease\n      databaseMode\n      deleteRequestedAt\n      storageBucket\n      mysqlServer {\n        id\n        name\n      }\n      mongodbServer {\n        id\n        name\n      }\n      rabbitmqServer {\n        id\n        name\n      }\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n      availability {\n        url\n        up\n        consecutiveFailures\n        lastStatus\n        lastError\n        downSince\n        lastCheckedAt\n      }\n      rollbackWatch {\n        switchedAt\n        endsAt\n        consecutiveFailures\n        rolledBackAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      externalDomains\n      cnameTarget\n      openedxRelease\n      databaseMode\n      deleteRequestedAt\n      storageBucket\n      mysqlServer {\n        id\n        name\n      }\n      mongodbServer {\n        id\n        name\n      }\n      rabbitmqServer {\n        id\n        name\n      }\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n      availability {\n        url\n        up\n        consecutiveFailures\n        lastStatus\n        lastError\n        downSince\n        lastCheckedAt\n      }\n      rollbackWatch {\n        switchedAt\n        endsAt\n        consecutiveFailures\n        rolledBackAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      lastSmokeCheck {\n        checkedAt\n        ok\n        summary\n        checks {\n          name\n          url\n          ok\n          status\n          error\n        }\n      }\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      lastSmokeCheck {\n        checkedAt\n        ok\n        summary\n        checks {\n          name\n          url\n          ok\n          status\n          error\n        }\n      }\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ActivateAppServer($id: ID!, $force: Boolean) {\n    activateAppServer(id: $id, force: $force) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query LoadBalancingServers {\n    loadBalancingServers {\n      id\n      domain\n      sshUsername\n      fragmentNamePostfix\n      configurationVersion\n      deployedConfigurationVersion\n      lastError\n      cnameTarget\n      instanceCount\n    }\n  }\n"): (typeof documents)["\n  query LoadBalancingServers {\n    loadBalancingServers {\n      id\n      domain\n      sshUsername\n      fragmentNamePostfix\n      configurationVersion\n      deployedConfigurationVersion\n      lastError\n      cnameTarget\n      instanceCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLoadBalancingServer($input: CreateLoadBalancingServerInput!) {\n    createLoadBalancingServer(input: $input) {\n      __typename\n      ... on MutationCreateLoadBalancingServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLoadBalancingServer($input: CreateLoadBalancingServerInput!) {\n    createLoadBalancingServer(input: $input) {\n      __typename\n      ... on MutationCreateLoadBalancingServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLoadBalancingServer($id: ID!) {\n    deleteLoadBalancingServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteLoadBalancingServer($id: ID!) {\n    deleteLoadBalancingServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettings {\n    notificationSettings {\n      mailTransport\n      emailFrom\n      adminRecipients\n      webhookConfigured\n      monitoringProvider\n      availabilityChecksSchedule\n      availabilityAlertAfterFailures\n      activationSmokeChecks\n      activationWatchMinutes\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettings {\n    notificationSettings {\n      mailTransport\n      emailFrom\n      adminRecipients\n      webhookConfigured\n      monitoringProvider\n      availabilityChecksSchedule\n      availabilityAlertAfterFailures\n      activationSmokeChecks\n      activationWatchMinutes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetDatabaseMode($id: ID!, $databaseMode: DatabaseMode!) {\n    updateInstance(id: $id, patch: { databaseMode: $databaseMode }) {\n      __typename\n      ... on MutationUpdateInstanceSuccess {\n        data {\n          id\n          databaseMode\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetDatabaseMode($id: ID!, $databaseMode: DatabaseMode!) {\n    updateInstance(id: $id, patch: { databaseMode: $databaseMode }) {\n      __typename\n      ... on MutationUpdateInstanceSuccess {\n        data {\n          id\n          databaseMode\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InstanceDeleteAllowed {\n    instanceDeleteAllowed\n  }\n"): (typeof documents)["\n  query InstanceDeleteAllowed {\n    instanceDeleteAllowed\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteInstance($id: ID!, $confirmDomain: String!) {\n    deleteInstance(id: $id, confirmDomain: $confirmDomain) {\n      __typename\n      ... on MutationDeleteInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteInstance($id: ID!, $confirmDomain: String!) {\n    deleteInstance(id: $id, confirmDomain: $confirmDomain) {\n      __typename\n      ... on MutationDeleteInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SharedServerFields on SharedServer {\n    id\n    kind\n    name\n    description\n    url\n    instanceHost\n    instancePort\n    acceptsNewClients\n    instanceCount\n  }\n"): (typeof documents)["\n  fragment SharedServerFields on SharedServer {\n    id\n    kind\n    name\n    description\n    url\n    instanceHost\n    instancePort\n    acceptsNewClients\n    instanceCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SharedServers {\n    mysql: sharedServers(kind: MYSQL) {\n      ...SharedServerFields\n    }\n    mongodb: sharedServers(kind: MONGODB) {\n      ...SharedServerFields\n    }\n    rabbitmq: sharedServers(kind: RABBITMQ) {\n      ...SharedServerFields\n    }\n  }\n"): (typeof documents)["\n  query SharedServers {\n    mysql: sharedServers(kind: MYSQL) {\n      ...SharedServerFields\n    }\n    mongodb: sharedServers(kind: MONGODB) {\n      ...SharedServerFields\n    }\n    rabbitmq: sharedServers(kind: RABBITMQ) {\n      ...SharedServerFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSharedServer($input: CreateSharedServerInput!) {\n    createSharedServer(input: $input) {\n      __typename\n      ... on MutationCreateSharedServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSharedServer($input: CreateSharedServerInput!) {\n    createSharedServer(input: $input) {\n      __typename\n      ... on MutationCreateSharedServerSuccess {\n        data {\n          id\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSharedServer($id: ID!, $patch: UpdateSharedServerInput!) {\n    updateSharedServer(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateSharedServerSuccess {\n        data {\n          id\n          acceptsNewClients\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSharedServer($id: ID!, $patch: UpdateSharedServerInput!) {\n    updateSharedServer(id: $id, patch: $patch) {\n      __typename\n      ... on MutationUpdateSharedServerSuccess {\n        data {\n          id\n          acceptsNewClients\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSharedServer($id: ID!) {\n    deleteSharedServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSharedServer($id: ID!) {\n    deleteSharedServer(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;