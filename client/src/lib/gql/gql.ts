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
    "\n  query Viewer {\n    viewer {\n      id\n      username\n      role\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": typeof types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": typeof types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n": typeof types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": typeof types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": typeof types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": typeof types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": typeof types.LogLinesDocument,
    "\n  query ApiTokens {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n          expiresAt\n          lastUsedAt\n          isExpired\n        }\n      }\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $expiresAt: DateTime) {\n    createApiToken(name: $name, expiresAt: $expiresAt) {\n      __typename\n      ... on MutationCreateApiTokenSuccess {\n        data {\n          token\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  query UsersAndOrganizations {\n    users(first: 100) {\n      edges {\n        node {\n          id\n          username\n          email\n          fullName\n          role\n          isActive\n          isStaff\n          isSuperuser\n          canManageOwnInstances\n          canManageAllInstances\n          lastLoginAt\n          organization {\n            id\n            name\n          }\n        }\n      }\n    }\n    organizations(first: 100) {\n      edges {\n        node {\n          id\n          name\n          githubHandle\n        }\n      }\n    }\n  }\n": typeof types.UsersAndOrganizationsDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $patch: UpdateUserInput!) {\n    updateUser(id: $id, patch: $patch) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation CreateOrganization($input: OrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.CreateOrganizationDocument,
    "\n  query AuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 100, filter: $filter) {\n      edges {\n        node {\n          id\n          createdAt\n          interface\n          action\n          target\n          input\n          result\n          actor {\n            id\n            username\n          }\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query ValidateBetaTestSubdomain($subdomain: String!) {\n    validateBetaTestSubdomain(subdomain: $subdomain) {\n      available\n      message\n    }\n  }\n": typeof types.ValidateBetaTestSubdomainDocument,
    "\n  mutation RegisterBetaTest($input: RegisterBetaTestInput!) {\n    registerBetaTest(input: $input) {\n      __typename\n      ... on MutationRegisterBetaTestSuccess {\n        data {\n          username\n          verificationSentTo\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RegisterBetaTestDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      __typename\n      ... on MutationVerifyEmailSuccess {\n        data {\n          verifiedEmail\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.VerifyEmailDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ResendVerificationEmailDocument,
    "\n  query MyBetaTestApplication {\n    myBetaTestApplication {\n      id\n      subdomain\n      instanceName\n      status\n      createdAt\n      instanceStatus {\n        name\n        lmsDomain\n        status\n      }\n    }\n  }\n": typeof types.MyBetaTestApplicationDocument,
    "\n  query BetaTestApplications($status: BetaTestApplicationStatus) {\n    betaTestApplications(first: 100, status: $status) {\n      edges {\n        node {\n          id\n          subdomain\n          instanceName\n          publicContactEmail\n          projectDescription\n          status\n          createdAt\n          user {\n            id\n            username\n            email\n          }\n          instanceStatus {\n            lmsDomain\n            status\n          }\n        }\n      }\n    }\n  }\n": typeof types.BetaTestApplicationsDocument,
    "\n  mutation AcceptBetaTestApplication($id: ID!) {\n    acceptBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.AcceptBetaTestApplicationDocument,
    "\n  mutation RejectBetaTestApplication($id: ID!) {\n    rejectBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.RejectBetaTestApplicationDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": typeof types.ChangePasswordDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      id\n      username\n      role\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation Login($username: String!, $password: String!) {\n    login(username: $username, password: $password) {\n      __typename\n      ... on MutationLoginSuccess {\n        data {\n          id\n          username\n        }\n      }\n      ... on AuthenticationError {\n        message\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  query Instances($filter: InstanceFilter, $first: Int) {\n    instances(first: $first, filter: $filter) {\n      edges {\n        node {\n          id\n          name\n          subDomain\n          isArchived\n          createdAt\n          urls {\n            lms\n          }\n          activeAppServers {\n            id\n          }\n          newestAppServer {\n            id\n            status\n          }\n        }\n      }\n    }\n  }\n": types.InstancesDocument,
    "\n  query Defaults($profile: InstanceProfile) {\n    defaults(profile: $profile) {\n      baseDomain\n      email\n      openedxRelease\n      databaseMode\n      appServerCount\n    }\n  }\n": types.DefaultsDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {\n    createInstance(input: $input, deploy: $deploy) {\n      __typename\n      ... on MutationCreateInstanceSuccess {\n        data {\n          id\n        }\n      }\n      ... on ValidationError {\n        field\n        message\n      }\n    }\n  }\n": types.CreateInstanceDocument,
    "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n": types.InstanceDocument,
    "\n  fragment AppServerRow on AppServer {\n    id\n    number\n    name\n    status\n    active\n    pendingOperation\n    url\n    createdAt\n  }\n": types.AppServerRowFragmentDoc,
    "\n  query AppServer($id: ID!) {\n    appServer(id: $id) {\n      ...AppServerRow\n      currentStep\n      failureReason\n      runningAt\n      terminatedAt\n      lastActivatedAt\n      instance {\n        id\n        name\n        isArchived\n      }\n      server {\n        id\n        name\n        provider\n        externalId\n        publicIp\n        sshPort\n        httpPort\n        status\n        statusChangedAt\n      }\n    }\n  }\n": types.AppServerDocument,
    "\n  mutation SpawnAppServer($instanceId: ID!) {\n    spawnAppServer(instanceId: $instanceId) {\n      __typename\n      ... on MutationSpawnAppServerSuccess {\n        data {\n          id\n          appServers {\n            id\n          }\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.SpawnAppServerDocument,
    "\n  mutation ActivateAppServer($id: ID!) {\n    activateAppServer(id: $id) {\n      __typename\n      ... on MutationActivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ActivateAppServerDocument,
    "\n  mutation DeactivateAppServer($id: ID!) {\n    deactivateAppServer(id: $id) {\n      __typename\n      ... on MutationDeactivateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.DeactivateAppServerDocument,
    "\n  mutation TerminateAppServer($id: ID!) {\n    terminateAppServer(id: $id) {\n      __typename\n      ... on MutationTerminateAppServerSuccess {\n        data {\n          ...AppServerRow\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.TerminateAppServerDocument,
    "\n  mutation ArchiveInstance($id: ID!) {\n    archiveInstance(id: $id) {\n      __typename\n      ... on MutationArchiveInstanceSuccess {\n        data {\n          id\n          isArchived\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ArchiveInstanceDocument,
    "\n  subscription InstanceEvents($instanceId: ID) {\n    instanceEvents(instanceId: $instanceId) {\n      kind\n      node {\n        __typename\n        id\n      }\n    }\n  }\n": types.InstanceEventsDocument,
    "\n  subscription LogLines($target: ID!, $afterId: String) {\n    logLines(target: $target, afterId: $afterId) {\n      id\n      level\n      text\n      createdAt\n    }\n  }\n": types.LogLinesDocument,
    "\n  query ApiTokens {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n          expiresAt\n          lastUsedAt\n          isExpired\n        }\n      }\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $expiresAt: DateTime) {\n    createApiToken(name: $name, expiresAt: $expiresAt) {\n      __typename\n      ... on MutationCreateApiTokenSuccess {\n        data {\n          token\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  query UsersAndOrganizations {\n    users(first: 100) {\n      edges {\n        node {\n          id\n          username\n          email\n          fullName\n          role\n          isActive\n          isStaff\n          isSuperuser\n          canManageOwnInstances\n          canManageAllInstances\n          lastLoginAt\n          organization {\n            id\n            name\n          }\n        }\n      }\n    }\n    organizations(first: 100) {\n      edges {\n        node {\n          id\n          name\n          githubHandle\n        }\n      }\n    }\n  }\n": types.UsersAndOrganizationsDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $patch: UpdateUserInput!) {\n    updateUser(id: $id, patch: $patch) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation CreateOrganization($input: OrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.CreateOrganizationDocument,
    "\n  query AuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 100, filter: $filter) {\n      edges {\n        node {\n          id\n          createdAt\n          interface\n          action\n          target\n          input\n          result\n          actor {\n            id\n            username\n          }\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query ValidateBetaTestSubdomain($subdomain: String!) {\n    validateBetaTestSubdomain(subdomain: $subdomain) {\n      available\n      message\n    }\n  }\n": types.ValidateBetaTestSubdomainDocument,
    "\n  mutation RegisterBetaTest($input: RegisterBetaTestInput!) {\n    registerBetaTest(input: $input) {\n      __typename\n      ... on MutationRegisterBetaTestSuccess {\n        data {\n          username\n          verificationSentTo\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RegisterBetaTestDocument,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      __typename\n      ... on MutationVerifyEmailSuccess {\n        data {\n          verifiedEmail\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.VerifyEmailDocument,
    "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ResendVerificationEmailDocument,
    "\n  query MyBetaTestApplication {\n    myBetaTestApplication {\n      id\n      subdomain\n      instanceName\n      status\n      createdAt\n      instanceStatus {\n        name\n        lmsDomain\n        status\n      }\n    }\n  }\n": types.MyBetaTestApplicationDocument,
    "\n  query BetaTestApplications($status: BetaTestApplicationStatus) {\n    betaTestApplications(first: 100, status: $status) {\n      edges {\n        node {\n          id\n          subdomain\n          instanceName\n          publicContactEmail\n          projectDescription\n          status\n          createdAt\n          user {\n            id\n            username\n            email\n          }\n          instanceStatus {\n            lmsDomain\n            status\n          }\n        }\n      }\n    }\n  }\n": types.BetaTestApplicationsDocument,
    "\n  mutation AcceptBetaTestApplication($id: ID!) {\n    acceptBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.AcceptBetaTestApplicationDocument,
    "\n  mutation RejectBetaTestApplication($id: ID!) {\n    rejectBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.RejectBetaTestApplicationDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n": types.ChangePasswordDocument,
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
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      username\n      role\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      username\n      role\n    }\n  }\n"];
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
export function graphql(source: "\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Instance($id: ID!) {\n    instance(id: $id) {\n      id\n      name\n      subDomain\n      isArchived\n      archivedAt\n      createdAt\n      internalLmsDomain\n      internalStudioDomain\n      internalPreviewDomain\n      externalLmsDomain\n      openedxRelease\n      urls {\n        lms\n        studio\n        preview\n      }\n      appServers(last: 100) {\n        edges {\n          node {\n            ...AppServerRow\n          }\n        }\n      }\n    }\n  }\n"];
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
export function graphql(source: "\n  query ApiTokens {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n          expiresAt\n          lastUsedAt\n          isExpired\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens {\n    apiTokens(first: 100) {\n      edges {\n        node {\n          id\n          name\n          createdAt\n          expiresAt\n          lastUsedAt\n          isExpired\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $expiresAt: DateTime) {\n    createApiToken(name: $name, expiresAt: $expiresAt) {\n      __typename\n      ... on MutationCreateApiTokenSuccess {\n        data {\n          token\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $expiresAt: DateTime) {\n    createApiToken(name: $name, expiresAt: $expiresAt) {\n      __typename\n      ... on MutationCreateApiTokenSuccess {\n        data {\n          token\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsersAndOrganizations {\n    users(first: 100) {\n      edges {\n        node {\n          id\n          username\n          email\n          fullName\n          role\n          isActive\n          isStaff\n          isSuperuser\n          canManageOwnInstances\n          canManageAllInstances\n          lastLoginAt\n          organization {\n            id\n            name\n          }\n        }\n      }\n    }\n    organizations(first: 100) {\n      edges {\n        node {\n          id\n          name\n          githubHandle\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query UsersAndOrganizations {\n    users(first: 100) {\n      edges {\n        node {\n          id\n          username\n          email\n          fullName\n          role\n          isActive\n          isStaff\n          isSuperuser\n          canManageOwnInstances\n          canManageAllInstances\n          lastLoginAt\n          organization {\n            id\n            name\n          }\n        }\n      }\n    }\n    organizations(first: 100) {\n      edges {\n        node {\n          id\n          name\n          githubHandle\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n      ... on ValidationError {\n        field\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $patch: UpdateUserInput!) {\n    updateUser(id: $id, patch: $patch) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $patch: UpdateUserInput!) {\n    updateUser(id: $id, patch: $patch) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateOrganization($input: OrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateOrganization($input: OrganizationInput!) {\n    createOrganization(input: $input) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 100, filter: $filter) {\n      edges {\n        node {\n          id\n          createdAt\n          interface\n          action\n          target\n          input\n          result\n          actor {\n            id\n            username\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter) {\n    auditEvents(first: 100, filter: $filter) {\n      edges {\n        node {\n          id\n          createdAt\n          interface\n          action\n          target\n          input\n          result\n          actor {\n            id\n            username\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidateBetaTestSubdomain($subdomain: String!) {\n    validateBetaTestSubdomain(subdomain: $subdomain) {\n      available\n      message\n    }\n  }\n"): (typeof documents)["\n  query ValidateBetaTestSubdomain($subdomain: String!) {\n    validateBetaTestSubdomain(subdomain: $subdomain) {\n      available\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterBetaTest($input: RegisterBetaTestInput!) {\n    registerBetaTest(input: $input) {\n      __typename\n      ... on MutationRegisterBetaTestSuccess {\n        data {\n          username\n          verificationSentTo\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterBetaTest($input: RegisterBetaTestInput!) {\n    registerBetaTest(input: $input) {\n      __typename\n      ... on MutationRegisterBetaTestSuccess {\n        data {\n          username\n          verificationSentTo\n        }\n      }\n      ... on ValidationError {\n        field\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      __typename\n      ... on MutationVerifyEmailSuccess {\n        data {\n          verifiedEmail\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      __typename\n      ... on MutationVerifyEmailSuccess {\n        data {\n          verifiedEmail\n        }\n      }\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ResendVerificationEmail($email: String!) {\n    resendVerificationEmail(email: $email) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyBetaTestApplication {\n    myBetaTestApplication {\n      id\n      subdomain\n      instanceName\n      status\n      createdAt\n      instanceStatus {\n        name\n        lmsDomain\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyBetaTestApplication {\n    myBetaTestApplication {\n      id\n      subdomain\n      instanceName\n      status\n      createdAt\n      instanceStatus {\n        name\n        lmsDomain\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BetaTestApplications($status: BetaTestApplicationStatus) {\n    betaTestApplications(first: 100, status: $status) {\n      edges {\n        node {\n          id\n          subdomain\n          instanceName\n          publicContactEmail\n          projectDescription\n          status\n          createdAt\n          user {\n            id\n            username\n            email\n          }\n          instanceStatus {\n            lmsDomain\n            status\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BetaTestApplications($status: BetaTestApplicationStatus) {\n    betaTestApplications(first: 100, status: $status) {\n      edges {\n        node {\n          id\n          subdomain\n          instanceName\n          publicContactEmail\n          projectDescription\n          status\n          createdAt\n          user {\n            id\n            username\n            email\n          }\n          instanceStatus {\n            lmsDomain\n            status\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptBetaTestApplication($id: ID!) {\n    acceptBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptBetaTestApplication($id: ID!) {\n    acceptBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RejectBetaTestApplication($id: ID!) {\n    rejectBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RejectBetaTestApplication($id: ID!) {\n    rejectBetaTestApplication(id: $id) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      __typename\n      ... on Error {\n        message\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;