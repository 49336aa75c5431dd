export interface Viewer {
  id: string;
  username: string;
  /** Superusers also see the load balancers. */
  isSuperuser?: boolean;
  /** Absent right after sign-in, until the viewer is read again. */
  role?: string;
}

/** The signed-in user, shared by the top bar, the login page and the auth redirect. */
export const session = $state<{ viewer: Viewer | null }>({ viewer: null });
