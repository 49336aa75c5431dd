export interface Viewer {
  id: string;
  username: string;
}

/** The signed-in user, shared by the top bar, the login page and the auth redirect. */
export const session = $state<{ viewer: Viewer | null }>({ viewer: null });
