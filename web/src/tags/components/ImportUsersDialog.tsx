import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal, Progress, Result, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { gqlUpload, type UploadProgress } from '../../api/upload';
import { errorMessage, userErrorMessage } from '../../errors';
import type { ImportUserTagsMutation as ImportResult } from '../../gql/graphql';
import { formatNumber } from '../../i18n/format';
import { ImportUserTagsMutation } from '../mutations';

export interface ImportUsersDialogProps {
  /** the tag to add the users to; null when closed */
  tag: string | null;
  onClose: () => void;
  /** after the server answered (the user counts changed) */
  onImported: () => void;
}

type Outcome = ImportResult['importUserTags'];

/**
 * Uploads a CSV or text file of user ids (one per line) and adds the tag to
 * each user. The file goes through the GraphQL multipart request spec with
 * upload progress; nothing is sent before "Import" is pressed.
 */
export function ImportUsersDialog({ tag, onClose, onImported }: ImportUsersDialogProps) {
  const { t } = useTranslation(['tags', 'common']);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [controller, setController] = useState<AbortController | null>(null);

  const upload = useMutation({
    mutationFn: async ({ tag, file }: { tag: string; file: File }) => {
      const ac = new AbortController();
      setController(ac);
      try {
        return (await gqlUpload(ImportUserTagsMutation, { tag, file }, { onProgress: setProgress, signal: ac.signal }))
          .importUserTags;
      } finally {
        setController(null);
      }
    },
  });

  const reset = () => {
    setFiles([]);
    setProgress(null);
    setOutcome(null);
    setError(null);
  };

  const close = () => {
    controller?.abort();
    reset();
    onClose();
  };

  const file = files[0]?.originFileObj as File | undefined;

  const start = async () => {
    if (!tag || !file) return;
    setError(null);
    setOutcome(null);
    setProgress({ loaded: 0, total: file.size, percent: 0 });
    try {
      const res = await upload.mutateAsync({ tag, file });
      setOutcome(res);
      onImported();
    } catch (e) {
      setError(errorMessage(e));
      setProgress(null);
    }
  };

  const done = outcome != null;
  const footer = done
    ? [
        <Button key="again" onClick={reset}>
          {t('import.again')}
        </Button>,
        <Button key="close" type="primary" onClick={close} data-testid="import-close">
          {t('import.done')}
        </Button>,
      ]
    : [
        <Button key="cancel" onClick={close}>
          {t('common:actions.cancel')}
        </Button>,
        <Button
          key="import"
          type="primary"
          disabled={!file}
          loading={upload.isPending}
          onClick={start}
          data-testid="import-submit"
        >
          {t('import.submit')}
        </Button>,
      ];

  return (
    <Modal
      title={t('import.title', { tag: tag ?? '' })}
      open={tag != null}
      onCancel={close}
      footer={footer}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('import.help')}</Typography.Paragraph>
      {!done && (
        <Upload.Dragger
          accept=".csv,.txt,text/csv,text/plain"
          maxCount={1}
          multiple={false}
          fileList={files}
          disabled={upload.isPending}
          beforeUpload={() => false /* sent by "Import", not by the Upload component */}
          onChange={({ fileList }) => {
            setFiles(fileList.slice(-1));
            setError(null);
          }}
          data-testid="import-file"
        >
          <p className="ant-upload-text">{t('import.drag')}</p>
          <p className="ant-upload-hint">{t('import.dragHint')}</p>
        </Upload.Dragger>
      )}
      {progress && !done && (
        <div style={{ marginTop: 16 }} data-testid="import-progress">
          <Progress
            percent={progress.percent ?? 0}
            status={upload.isPending ? 'active' : undefined}
            format={(p) =>
              progress.percent == null ? t('import.bytes', { n: formatNumber(progress.loaded) }) : `${p}%`
            }
          />
          {upload.isPending && progress.percent === 100 && (
            <Typography.Text type="secondary">{t('import.processing')}</Typography.Text>
          )}
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />}
      {outcome && (
        <>
          <Result
            status={outcome.userErrors.length ? 'warning' : 'success'}
            title={
              <span data-testid="import-count">
                {t('import.newlyTagged', {
                  count: outcome.count,
                  n: formatNumber(outcome.count),
                })}
              </span>
            }
            subTitle={file ? t('import.fromFile', { file: file.name }) : undefined}
            style={{ padding: '16px 0' }}
          />
          {outcome.userErrors.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('import.problems', {
                count: outcome.userErrors.length,
                n: formatNumber(outcome.userErrors.length),
              })}
              description={
                <ul
                  style={{
                    margin: 0,
                    paddingLeft: 20,
                    maxHeight: 200,
                    overflow: 'auto',
                  }}
                  data-testid="import-user-errors"
                >
                  {outcome.userErrors.map((e, i) => (
                    <li key={i}>
                      {e.field?.length ? <Typography.Text code>{e.field.join('.')}</Typography.Text> : null}{' '}
                      {userErrorMessage(e)}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
        </>
      )}
    </Modal>
  );
}
