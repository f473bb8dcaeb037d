import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

// False in the server's HTML and while React hydrates it, true from then on: a control
// rendered on the server is disabled until it can act, so that input made before the
// page's script has run is not silently dropped.
export const useHydrated = (): boolean =>
  useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
