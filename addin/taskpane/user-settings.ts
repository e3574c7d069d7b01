import type { Locale } from '../../shared/i18n/locales.js';
import { DEFAULT_POLICY, PolicySchema, type Policy, type PolicyInput } from '../../shared/policy/schema.js';
import type { DateOrder } from '../../shared/time/parse.js';

/**
 * The user's own preferences: policy overrides, date order, pane language. Office's roaming settings
 * exist only in Outlook, so an Excel add-in keeps per-user data in localStorage, with every key
 * prefixed by `Office.context.partitionKey` (Microsoft's documented way: in Excel on the web the
 * storage is partitioned per add-in and host domain, and the key is undefined where no partition
 * applies). The column mapping and the date system belong to the workbook (addin/excel/settings.ts).
 */
export interface UserSettings {
  /** Only the parameters that differ from docs/rules.md's defaults, so new defaults reach the user. */
  policy: PolicyInput;
  dateOrder?: DateOrder;
  /** Set once the user picks a language in the pane; otherwise Office's display language rules. */
  locale?: Locale;
  /** The worker this user syncs with: per user, since the token is theirs (never in the shared workbook). */
  worker?: { url: string; token: string };
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'atoz-guard.user-settings.v1';

export class UserSettingsStore {
  private readonly key: string;
  /** Used when localStorage is blocked: the settings last as long as the pane. */
  private memory: string | null = null;

  constructor(
    private readonly storage: KeyValueStorage | undefined,
    partitionKey: string | undefined,
  ) {
    this.key = partitionKey ? `${partitionKey}${KEY}` : KEY;
  }

  load(): UserSettings {
    return parseStored(this.read());
  }

  save(settings: UserSettings): void {
    const text = JSON.stringify({ ...settings, policy: policyOverrides(PolicySchema.parse(settings.policy)) });
    this.memory = text;
    try {
      this.storage?.setItem(this.key, text);
    } catch {
      // Quota or a blocked store: the in-memory copy still serves this session.
    }
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(this.key) ?? this.memory;
    } catch {
      return this.memory;
    }
  }
}

/** Whatever is stored, something valid comes out: unknown or invalid entries are dropped one by one. */
export function parseStored(text: string | null): UserSettings {
  let raw: unknown;
  try {
    raw = text === null ? {} : JSON.parse(text);
  } catch {
    raw = {};
  }
  const stored = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const settings: UserSettings = { policy: validPolicyEntries(stored.policy) };
  if (stored.dateOrder === 'MDY' || stored.dateOrder === 'DMY') settings.dateOrder = stored.dateOrder;
  if (stored.locale === 'en' || stored.locale === 'zh-CN' || stored.locale === 'zh-TW') settings.locale = stored.locale;
  const worker = stored.worker as { url?: unknown; token?: unknown } | null | undefined;
  if (worker && typeof worker.url === 'string' && typeof worker.token === 'string') settings.worker = { url: worker.url, token: worker.token };
  return settings;
}

function validPolicyEntries(value: unknown): PolicyInput {
  if (value === null || typeof value !== 'object') return {};
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (PolicySchema.safeParse({ ...kept, [key]: entry }).success) kept[key] = entry;
  }
  return kept as PolicyInput;
}

/** The parameters of `policy` that differ from the defaults. */
export function policyOverrides(policy: Policy): PolicyInput {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_POLICY) as (keyof Policy)[]) {
    if (JSON.stringify(policy[key]) !== JSON.stringify(DEFAULT_POLICY[key])) out[key] = policy[key];
  }
  return out as PolicyInput;
}
