import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage, setLanguage, type Language } from './index';

/**
 * The language menu of the header and the login page; the choice is
 * remembered in this browser. Each language is named in itself.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lng = currentLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lng],
        items: LANGUAGES.map((l) => ({ key: l, label: <span data-testid={`language-${l}`}>{t(`language.${l}`)}</span> })),
        onClick: ({ key }) => void setLanguage(key as Language),
      }}
    >
      <Button type="text" aria-label={t('header.language')} data-testid="language-switch">
        {t(`language.${lng}`)}
      </Button>
    </Dropdown>
  );
}
