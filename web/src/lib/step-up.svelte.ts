import { getContext, setContext } from 'svelte';

const KEY = Symbol('step-up');

/**
 * Production data needs a recent re-authentication ("step-up"). Any page that meets
 * STEP_UP_REQUIRED asks this controller; the layout's dialog collects the password (and the
 * authenticator code) and resolves the request once the gateway confirmed it.
 */
export class StepUpController {
  open = $state(false);
  totpRequired = $state(false);
  /** Unix seconds until which production is confirmed, as far as this page knows. */
  expiresAt = $state<number | null>(null);
  #waiting: ((ok: boolean) => void)[] = [];

  constructor(expiresAt: number | null) {
    this.expiresAt = expiresAt;
  }

  /** Opens the dialog; resolves true once confirmed, false when the user cancels. */
  request(options: { totpRequired?: boolean } = {}): Promise<boolean> {
    this.totpRequired = options.totpRequired ?? this.totpRequired;
    this.open = true;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  settle(ok: boolean, expiresAt?: number) {
    if (ok && expiresAt) this.expiresAt = expiresAt;
    this.open = false;
    for (const resolve of this.#waiting.splice(0)) resolve(ok);
  }

  get active() {
    return this.expiresAt !== null && this.expiresAt > Date.now() / 1000;
  }
}

export const provideStepUp = (expiresAt: number | null) => setContext(KEY, new StepUpController(expiresAt));
export const useStepUp = () => getContext<StepUpController>(KEY);
