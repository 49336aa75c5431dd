import { graphql } from '#lib/gql/index.js';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      username
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
  query Instances($filter: InstanceFilter, $first: Int) {
    instances(first: $first, filter: $filter) {
      edges {
        node {
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
      }
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
      isArchived
      archivedAt
      createdAt
      updatedAt
      internalLmsDomain
      internalStudioDomain
      internalPreviewDomain
      externalLmsDomain
      openedxRelease
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
  mutation ActivateAppServer($id: ID!) {
    activateAppServer(id: $id) {
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
  mutation UpdateInstanceFromPullRequest($pullRequestId: ID!, $deploy: Boolean) {
    updateInstanceFromPullRequest(pullRequestId: $pullRequestId, deploy: $deploy) {
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
