import { graphql } from '#lib/gql/index.js';
export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      username
      isSuperuser
      role
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      __typename
      ... on MutationLoginSuccess {
        data {
          id
          username
          isSuperuser
        }
      }
      ... on AuthenticationError {
        message
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export const InstancesQuery = graphql(`
  query Instances($filter: InstanceFilter, $first: Int, $after: String) {
    instances(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          ...InstanceListRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }

  fragment InstanceListRow on Instance {
    id
    name
    subDomain
    isArchived
    createdAt
    urls {
      lms
    }
    activeAppServers {
      id
    }
    newestAppServer {
      id
      status
    }
  }
`);

/** One row of the instance list, read again when an event names its instance. */

export const InstanceListRowQuery = graphql(`
  query InstanceListRowQuery($id: ID!) {
    instance(id: $id) {
      ...InstanceListRow
    }
  }
`);

export const DefaultsQuery = graphql(`
  query Defaults($profile: InstanceProfile) {
    defaults(profile: $profile) {
      baseDomain
      email
      openedxRelease
      databaseMode
      appServerCount
    }
  }
`);

export const CreateInstanceMutation = graphql(`
  mutation CreateInstance($input: CreateInstanceInput!, $deploy: Boolean) {
    createInstance(input: $input, deploy: $deploy) {
      __typename
      ... on MutationCreateInstanceSuccess {
        data {
          id
        }
      }
      ... on ValidationError {
        field
        message
      }
    }
  }
`);

export const InstanceQuery = graphql(`
  query Instance($id: ID!) {
    instance(id: $id) {
      id
      name
      subDomain
      viewerMayOperate
      isArchived
      archivedAt
      pullRequest {
        number
      }
      createdAt
      updatedAt
      internalLmsDomain
      internalStudioDomain
      internalPreviewDomain
      externalLmsDomain
      externalDomains
      cnameTarget
      openedxRelease
      databaseMode
      deleteRequestedAt
      storageBucket
      mysqlServer {
        id
        name
      }
      mongodbServer {
        id
        name
      }
      rabbitmqServer {
        id
        name
      }
      urls {
        lms
        studio
        preview
      }
      appServers(last: 100) {
        edges {
          node {
            ...AppServerRow
          }
        }
      }
      availability {
        url
        up
        consecutiveFailures
        lastStatus
        lastError
        downSince
        lastCheckedAt
      }
      rollbackWatch {
        switchedAt
        endsAt
        consecutiveFailures
        rolledBackAt
      }
    }
  }
`);

export const AppServerRowFragment = graphql(`
  fragment AppServerRow on AppServer {
    id
    number
    name
    status
    active
    pendingOperation
    url
    createdAt
    deployment {
      id
    }
  }
`);

// The deployment page (the GitHub status of a PR deployment links here).
export const DeploymentQuery = graphql(`
  query Deployment($id: ID!) {
    node(id: $id) {
      __typename
      ... on Deployment {
        id
        type
        status
        queuePosition
        failureReason
        numAttempts
        targetCount
        activateOnSuccess
        createdAt
        startedAt
        finishedAt
        cancelledAt
        instance {
          id
          name
          isArchived
        }
        appServers {
          ...AppServerRow
        }
      }
    }
  }
`);

export const AppServerQuery = graphql(`
  query AppServer($id: ID!) {
    appServer(id: $id) {
      ...AppServerRow
      currentStep
      failureReason
      runningAt
      terminatedAt
      lastActivatedAt
      lastSmokeCheck {
        checkedAt
        ok
        summary
        checks {
          name
          url
          ok
          status
          error
        }
      }
      instance {
        id
        name
        isArchived
      }
      server {
        id
        name
        provider
        externalId
        publicIp
        sshPort
        httpPort
        status
        statusChangedAt
      }
    }
  }
`);

export const SpawnAppServerMutation = graphql(`
  mutation SpawnAppServer($instanceId: ID!) {
    spawnAppServer(instanceId: $instanceId) {
      __typename
      ... on MutationSpawnAppServerSuccess {
        data {
          id
          appServers {
            id
          }
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const ActivateAppServerMutation = graphql(`
  mutation ActivateAppServer($id: ID!, $force: Boolean) {
    activateAppServer(id: $id, force: $force) {
      __typename
      ... on MutationActivateAppServerSuccess {
        data {
          ...AppServerRow
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeactivateAppServerMutation = graphql(`
  mutation DeactivateAppServer($id: ID!) {
    deactivateAppServer(id: $id) {
      __typename
      ... on MutationDeactivateAppServerSuccess {
        data {
          ...AppServerRow
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const TerminateAppServerMutation = graphql(`
  mutation TerminateAppServer($id: ID!) {
    terminateAppServer(id: $id) {
      __typename
      ... on MutationTerminateAppServerSuccess {
        data {
          ...AppServerRow
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const ArchiveInstanceMutation = graphql(`
  mutation ArchiveInstance($id: ID!) {
    archiveInstance(id: $id) {
      __typename
      ... on MutationArchiveInstanceSuccess {
        data {
          id
          isArchived
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const InstanceEventsSubscription = graphql(`
  subscription InstanceEvents($instanceId: ID) {
    instanceEvents(instanceId: $instanceId) {
      kind
      node {
        __typename
        id
        ... on AppServer {
          instance {
            id
          }
        }
        ... on Deployment {
          instance {
            id
          }
        }
      }
    }
  }
`);

export const LogLinesSubscription = graphql(`
  subscription LogLines($target: ID!, $afterId: String) {
    logLines(target: $target, afterId: $afterId) {
      id
      level
      text
      createdAt
    }
  }
`);

export const LoadBalancingServersQuery = graphql(`
  query LoadBalancingServers {
    loadBalancingServers {
      id
      domain
      sshUsername
      fragmentNamePostfix
      configurationVersion
      deployedConfigurationVersion
      lastError
      cnameTarget
      instanceCount
    }
  }
`);

export const CreateLoadBalancingServerMutation = graphql(`
  mutation CreateLoadBalancingServer($input: CreateLoadBalancingServerInput!) {
    createLoadBalancingServer(input: $input) {
      __typename
      ... on MutationCreateLoadBalancingServerSuccess {
        data {
          id
        }
      }
      ... on ValidationError {
        field
        message
      }
    }
  }
`);

export const UpdateLoadBalancingServerMutation = graphql(`
  mutation UpdateLoadBalancingServer($id: ID!, $patch: UpdateLoadBalancingServerInput!) {
    updateLoadBalancingServer(id: $id, patch: $patch) {
      __typename
      ... on MutationUpdateLoadBalancingServerSuccess {
        data {
          id
        }
      }
      ... on ValidationError {
        field
        message
      }
      ... on Error {
        message
      }
    }
  }
`);

export const RevealInstanceBasicAuthMutation = graphql(`
  mutation RevealInstanceBasicAuth($id: ID!) {
    revealInstanceBasicAuth(id: $id) {
      __typename
      ... on MutationRevealInstanceBasicAuthSuccess {
        data {
          username
          password
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeleteLoadBalancingServerMutation = graphql(`
  mutation DeleteLoadBalancingServer($id: ID!) {
    deleteLoadBalancingServer(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const NotificationSettingsQuery = graphql(`
  query NotificationSettings {
    notificationSettings {
      mailTransport
      emailFrom
      adminRecipients
      webhookConfigured
      monitoringProvider
      availabilityChecksSchedule
      availabilityAlertAfterFailures
      activationSmokeChecks
      activationWatchMinutes
    }
  }
`);

export const SetDatabaseModeMutation = graphql(`
  mutation SetDatabaseMode($id: ID!, $databaseMode: DatabaseMode!) {
    updateInstance(id: $id, patch: { databaseMode: $databaseMode }) {
      __typename
      ... on MutationUpdateInstanceSuccess {
        data {
          id
          databaseMode
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const InstanceDeleteAllowedQuery = graphql(`
  query InstanceDeleteAllowed {
    instanceDeleteAllowed
  }
`);

export const DeleteInstanceMutation = graphql(`
  mutation DeleteInstance($id: ID!, $confirmDomain: String!) {
    deleteInstance(id: $id, confirmDomain: $confirmDomain) {
      __typename
      ... on MutationDeleteInstanceSuccess {
        data {
          id
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const SharedServerFieldsFragment = graphql(`
  fragment SharedServerFields on SharedServer {
    id
    kind
    name
    description
    url
    instanceHost
    instancePort
    acceptsNewClients
    instanceCount
  }
`);

export const SharedServersQuery = graphql(`
  query SharedServers {
    mysql: sharedServers(kind: MYSQL) {
      ...SharedServerFields
    }
    mongodb: sharedServers(kind: MONGODB) {
      ...SharedServerFields
    }
    rabbitmq: sharedServers(kind: RABBITMQ) {
      ...SharedServerFields
    }
  }
`);

export const CreateSharedServerMutation = graphql(`
  mutation CreateSharedServer($input: CreateSharedServerInput!) {
    createSharedServer(input: $input) {
      __typename
      ... on MutationCreateSharedServerSuccess {
        data {
          id
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const UpdateSharedServerMutation = graphql(`
  mutation UpdateSharedServer($id: ID!, $patch: UpdateSharedServerInput!) {
    updateSharedServer(id: $id, patch: $patch) {
      __typename
      ... on MutationUpdateSharedServerSuccess {
        data {
          id
          acceptsNewClients
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const DeleteSharedServerMutation = graphql(`
  mutation DeleteSharedServer($id: ID!) {
    deleteSharedServer(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const ApiTokensQuery = graphql(`
  query ApiTokens {
    apiTokens(first: 100) {
      edges {
        node {
          id
          name
          createdAt
          expiresAt
          lastUsedAt
          isExpired
        }
      }
    }
  }
`);

export const CreateApiTokenMutation = graphql(`
  mutation CreateApiToken($name: String!, $expiresAt: DateTime) {
    createApiToken(name: $name, expiresAt: $expiresAt) {
      __typename
      ... on MutationCreateApiTokenSuccess {
        data {
          token
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const UsersAndOrganizationsQuery = graphql(`
  query UsersAndOrganizations {
    users(first: 100) {
      edges {
        node {
          id
          username
          email
          fullName
          role
          isActive
          isStaff
          isSuperuser
          canManageOwnInstances
          canManageAllInstances
          lastLoginAt
          organization {
            id
            name
          }
        }
      }
    }
    organizations(first: 100) {
      edges {
        node {
          id
          name
          githubHandle
        }
      }
    }
  }
`);

export const CreateUserMutation = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);

export const UpdateUserMutation = graphql(`
  mutation UpdateUser($id: ID!, $patch: UpdateUserInput!) {
    updateUser(id: $id, patch: $patch) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const CreateOrganizationMutation = graphql(`
  mutation CreateOrganization($input: OrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter) {
    auditEvents(first: 100, filter: $filter) {
      edges {
        node {
          id
          createdAt
          interface
          action
          target
          input
          result
          actor {
            id
            username
          }
        }
      }
    }
  }
`);

export const ValidateSubdomainQuery = graphql(`
  query ValidateBetaTestSubdomain($subdomain: String!) {
    validateBetaTestSubdomain(subdomain: $subdomain) {
      available
      message
    }
  }
`);

export const RegisterBetaTestMutation = graphql(`
  mutation RegisterBetaTest($input: RegisterBetaTestInput!) {
    registerBetaTest(input: $input) {
      __typename
      ... on MutationRegisterBetaTestSuccess {
        data {
          username
          verificationSentTo
        }
      }
      ... on ValidationError {
        field
      }
      ... on Error {
        message
      }
    }
  }
`);

export const VerifyEmailMutation = graphql(`
  mutation VerifyEmail($token: String!) {
    verifyEmail(token: $token) {
      __typename
      ... on MutationVerifyEmailSuccess {
        data {
          verifiedEmail
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const ResendVerificationMutation = graphql(`
  mutation ResendVerificationEmail($email: String!) {
    resendVerificationEmail(email: $email) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const MyApplicationQuery = graphql(`
  query MyBetaTestApplication {
    myBetaTestApplication {
      id
      subdomain
      instanceName
      status
      createdAt
      instanceStatus {
        name
        lmsDomain
        status
      }
    }
  }
`);

export const ApplicationsQuery = graphql(`
  query BetaTestApplications($status: BetaTestApplicationStatus) {
    betaTestApplications(first: 100, status: $status) {
      edges {
        node {
          id
          subdomain
          instanceName
          publicContactEmail
          projectDescription
          status
          createdAt
          user {
            id
            username
            email
          }
          instanceStatus {
            lmsDomain
            status
          }
        }
      }
    }
  }
`);

export const AcceptApplicationMutation = graphql(`
  mutation AcceptBetaTestApplication($id: ID!) {
    acceptBetaTestApplication(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const RejectApplicationMutation = graphql(`
  mutation RejectBetaTestApplication($id: ID!) {
    rejectBetaTestApplication(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

export const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);

// Pull-request sandboxes (SPEC §10): the PR behind a sandbox, and the watched forks.

export const InstancePullRequestQuery = graphql(`
  query InstancePullRequest($id: ID!) {
    instance(id: $id) {
      id
      isArchived
      drift {
        fields
        commitChanged
      }
      pullRequest {
        id
        repo
        number
        url
        title
        authorLogin
        headRepo
        headRef
        headSha
        state
        qualifies
        settingsYaml
        settingsError
        databaseModeTag
        deployedHeadSha
        settingsChangedSinceDeployment
        redeployDueAt
        lastSyncedAt
      }
    }
  }
`);

export const UpdateInstanceFromPullRequestMutation = graphql(`
  mutation UpdateInstanceFromPullRequest($instanceId: ID!, $deploy: Boolean) {
    updateInstanceFromPullRequest(instanceId: $instanceId, deploy: $deploy) {
      __typename
      ... on MutationUpdateInstanceFromPullRequestSuccess {
        data {
          id
        }
      }
      ... on Error {
        message
      }
    }
  }
`);

export const WatchedForksQuery = graphql(`
  query WatchedForks {
    watchedForks {
      id
      fork
      organizationName
      enabled
      sandboxSubdomainTemplate
      redeployOnPush
      openedxRelease
      configurationSourceRepoUrl
      configurationVersion
      image
      configurationExtraSettings
    }
  }
`);

export const CreateWatchedForkMutation = graphql(`
  mutation CreateWatchedFork($input: CreateWatchedForkInput!) {
    createWatchedFork(input: $input) {
      __typename
      ... on MutationCreateWatchedForkSuccess {
        data {
          id
        }
      }
      ... on ValidationError {
        field
        message
      }
    }
  }
`);

export const UpdateWatchedForkMutation = graphql(`
  mutation UpdateWatchedFork($id: ID!, $patch: UpdateWatchedForkInput!) {
    updateWatchedFork(id: $id, patch: $patch) {
      __typename
      ... on MutationUpdateWatchedForkSuccess {
        data {
          id
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);

export const DeleteWatchedForkMutation = graphql(`
  mutation DeleteWatchedFork($id: ID!) {
    deleteWatchedFork(id: $id) {
      __typename
      ... on Error {
        message
      }
    }
  }
`);
