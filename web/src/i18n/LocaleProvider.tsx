import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider } from 'antd';
import type { Locale } from 'antd/es/locale';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Language } from './index';

// antd's texts (pagination, pickers, empty states, confirm buttons) and
// dayjs's month and weekday names follow the console's language. English is
// antd's and dayjs's default; Chinese is loaded when first chosen.
const loaders: Record<Language, () => Promise<Locale | undefined>> = {
  'en-US': async () => {
    dayjs.locale('en');
    return undefined;
  },
  'zh-CN': async () => {
    const [antd] = await Promise.all([import('antd/es/locale/zh_CN'), import('dayjs/locale/zh-cn')]);
    dayjs.locale('zh-cn');
    return antd.default;
  },
};

/** antd's ConfigProvider with the locale of the current language. */
export function LocaleProvider({ theme, children }: { theme?: Parameters<typeof ConfigProvider>[0]['theme']; children: ReactNode }) {
  const { i18n } = useTranslation();
  const lng = (i18n.resolvedLanguage ?? 'en-US') as Language;
  const [locale, setLocale] = useState<{ lng: Language; antd?: Locale }>({ lng: 'en-US' });
  useEffect(() => {
    let live = true;
    void (loaders[lng] ?? loaders['en-US'])().then((antd) => {
      if (live) setLocale({ lng, antd });
    });
    return () => {
      live = false;
    };
  }, [lng]);
  return (
    <ConfigProvider theme={theme} locale={locale.antd}>
      {children}
    </ConfigProvider>
  );
}
