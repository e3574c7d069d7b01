import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Subtitle1,
  Tab,
  TabList,
  webLightTheme,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { connectExcel, type ExcelGlue } from '../excel/index.js';
import { LOCALES, localeFor, type Locale } from '../../shared/i18n/locales.js';
import { FlagPanel } from './flag/FlagPanel.js';
import { I18nProvider, isLocale, LANGUAGE_NAMES, useI18n } from './i18n/index.js';
import type { TaskpanePlatform } from './platform.js';
import { RowHelpPanel } from './row-help/RowHelpPanel.js';
import { SettingsPanel } from './settings/SettingsPanel.js';
import { SyncPanel } from './sync/SyncPanel.js';
import { useStyles } from './styles.js';
import { UserSettingsStore, type UserSettings } from './user-settings.js';

type TabId = 'flag' | 'rowHelp' | 'sync' | 'settings';

export function App({ platform }: { platform: TaskpanePlatform }) {
  const store = useMemo(() => new UserSettingsStore(platform.storage, platform.partitionKey), [platform]);
  const [settings, setSettings] = useState<UserSettings>(() => store.load());
  const locale: Locale = settings.locale ?? localeFor(platform.displayLanguage);
  const glue = useMemo(() => (platform.host ? connectExcel(platform.host) : null), [platform]);

  const saveSettings = (next: UserSettings) => {
    store.save(next);
    setSettings(next);
  };

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  // A run cut short when the pane was closed left Excel in Manual calculation: give the mode back.
  useEffect(() => {
    glue?.restoreInterruptedRun().catch(() => undefined);
  }, [glue]);

  return (
    <FluentProvider theme={webLightTheme}>
      <I18nProvider locale={locale}>
        <Shell
          glue={glue}
          platform={platform}
          settings={settings}
          onSaveSettings={saveSettings}
          onLocale={(next) => saveSettings({ ...settings, locale: next })}
        />
      </I18nProvider>
    </FluentProvider>
  );
}

interface ShellProps {
  glue: ExcelGlue | null;
  platform: TaskpanePlatform;
  settings: UserSettings;
  onSaveSettings(settings: UserSettings): void;
  onLocale(locale: Locale): void;
}

function Shell({ glue, platform, settings, onSaveSettings, onLocale }: ShellProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const [tab, setTab] = useState<TabId>('flag');
  return (
    <div className={styles.app}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <img src="/assets/icon-32.png" alt="" width={24} height={24} />
          <Subtitle1 as="h1">{t.appTitle}</Subtitle1>
        </div>
        <Select
          className={styles.languagePicker}
          size="small"
          aria-label={t.language}
          data-testid="language"
          value={locale}
          onChange={(_, data) => isLocale(data.value) && onLocale(data.value)}
        >
          {LOCALES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
            </option>
          ))}
        </Select>
      </header>
      {glue === null ? (
        <div className={styles.panel}>
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>{t.notInExcel.title}</MessageBarTitle>
              {t.notInExcel.body}
            </MessageBarBody>
          </MessageBar>
        </div>
      ) : (
        <>
          <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as TabId)} size="small">
            <Tab value="flag" data-testid="tab-flag">
              {t.tabs.flag}
            </Tab>
            <Tab value="rowHelp" data-testid="tab-row-help">
              {t.tabs.rowHelp}
            </Tab>
            <Tab value="sync" data-testid="tab-sync">
              {t.tabs.sync}
            </Tab>
            <Tab value="settings" data-testid="tab-settings">
              {t.tabs.settings}
            </Tab>
          </TabList>
          {/* Panels stay mounted so a run in progress and a half-edited form survive a tab switch. */}
          <main>
            <div hidden={tab !== 'flag'}>
              <FlagPanel glue={glue} policy={settings.policy} dateOrder={settings.dateOrder} />
            </div>
            <div hidden={tab !== 'rowHelp'}>
              <RowHelpPanel
                glue={glue}
                policy={settings.policy}
                dateOrder={settings.dateOrder}
                active={tab === 'rowHelp'}
                onSelectionChanged={platform.onSelectionChanged}
              />
            </div>
            <div hidden={tab !== 'sync'}>
              <SyncPanel glue={glue} settings={settings} onSaveSettings={onSaveSettings} />
            </div>
            <div hidden={tab !== 'settings'}>
              <SettingsPanel glue={glue} settings={settings} onSave={onSaveSettings} />
            </div>
          </main>
        </>
      )}
    </div>
  );
}
