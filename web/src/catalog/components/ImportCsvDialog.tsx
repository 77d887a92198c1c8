import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Modal, Progress, Result, Table, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { Trans, useTranslation } from 'react-i18next';
import i18n from '../../i18n';
import { gqlRequest } from '../../api/client';
import { errorMessage, userErrorMessage } from '../../errors';
import { sendInChunks, rowOfUserError, CHUNK_SIZE, type ChunkProgress, type ChunkedResult } from '../chunk';
import { parentsFirst, parseCategoriesCsv, parseProductsCsv, rejectRows, type CategoryRow, type ParsedImport, type ProductRow } from '../csv';
import { formatNumber } from '../../i18n/format';
import { useCategories } from '../hooks';
import { UpsertCategoriesMutation, UpsertProductsMutation } from '../mutations';

export type ImportKind = 'products' | 'categories';

const PREVIEW_ROWS = 10;
const MAX_BAD_SHOWN = 100;

interface KindSpec {
  header: string;
  columns: { title: string; dataIndex: string }[];
  parse: (text: string) => ParsedImport<Record<string, string | null>>;
  /**
   * Checks against the catalog before sending (the server refuses a whole
   * call for one bad row) and orders the rows; `known` is null while the
   * categories are not loaded.
   */
  prepare: (p: ParsedImport<Record<string, string | null>>, known: ReadonlySet<string> | null) => ParsedImport<Record<string, string | null>>;
  send: (rows: Record<string, string | null>[]) => Promise<{ count: number; userErrors: readonly { field?: readonly string[] | null; message: string; code: string }[] }>;
}

// Texts are in the catalogue under import.<kind> (title, intro, count).
const SPECS: Record<ImportKind, KindSpec> = {
  products: {
    header: 'id,name,categoryId',
    columns: [
      { title: 'id', dataIndex: 'id' },
      { title: 'name', dataIndex: 'name' },
      { title: 'categoryId', dataIndex: 'categoryId' },
    ],
    parse: (t) => parseProductsCsv(t) as unknown as ParsedImport<Record<string, string | null>>,
    prepare: (p, known) =>
      known
        ? (rejectRows(
            p as unknown as ParsedImport<ProductRow>,
            (r) => (r.categoryId && !known.has(r.categoryId) ? i18n.t('catalog:csv.unknownCategory', { id: r.categoryId }) : null),
            (r) => [r.id, r.name, r.categoryId ?? ''].join(','),
          ) as unknown as ParsedImport<Record<string, string | null>>)
        : p,
    send: async (rows) =>
      (
        await gqlRequest(UpsertProductsMutation, {
          products: rows.map((r) => ({ id: r.id!, name: r.name!, categoryId: r.categoryId })),
        })
      ).upsertProducts,
  },
  categories: {
    header: 'id,name,parentId',
    columns: [
      { title: 'id', dataIndex: 'id' },
      { title: 'name', dataIndex: 'name' },
      { title: 'parentId', dataIndex: 'parentId' },
    ],
    parse: (t) => parseCategoriesCsv(t) as unknown as ParsedImport<Record<string, string | null>>,
    prepare: (p, known) => {
      let c = p as unknown as ParsedImport<CategoryRow>;
      if (known) {
        const inFile = new Set(c.rows.map((r) => r.id));
        c = rejectRows(
          c,
          (r) => (r.parentId && !inFile.has(r.parentId) && !known.has(r.parentId) ? i18n.t('catalog:csv.unknownParent', { id: r.parentId }) : null),
          (r) => [r.id, r.name, r.parentId ?? ''].join(','),
        );
      }
      return parentsFirst(c) as unknown as ParsedImport<Record<string, string | null>>;
    },
    send: async (rows) =>
      (
        await gqlRequest(UpsertCategoriesMutation, {
          categories: rows.map((r) => ({ id: r.id!, name: r.name!, parentId: r.parentId })),
        })
      ).upsertCategories,
  },
};

export interface ImportCsvDialogProps {
  kind: ImportKind;
  open: boolean;
  onClose: () => void;
  /** after at least one chunk went through (the catalog changed) */
  onImported: () => void;
}

/**
 * Imports a CSV into the catalog: the file is read and parsed in the browser,
 * previewed (first rows, row count, bad rows), and on "Import" sent with
 * upsertProducts / upsertCategories in chunks of 1000 rows, one after the
 * other, with a progress bar. Bad rows are never sent.
 */
export function ImportCsvDialog({ kind, open, onClose, onImported }: ImportCsvDialogProps) {
  const { t, i18n: lang } = useTranslation(['catalog', 'common']);
  const spec = SPECS[kind];
  /** "3 products" / "3 个商品" */
  const rowsText = (n: number) => t(`import.${kind}.count`, { count: n });
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [text, setText] = useState<string | null>(null);
  const categories = useCategories(open);
  const known = useMemo(
    () => (categories.data ? new Set(categories.data.map((c) => c.id)) : null),
    [categories.data],
  );
  // parsed again after a language change: the bad rows' reasons are words
  const language = lang.language;
  const raw = useMemo(() => (text != null ? spec.parse(text) : null), [text, spec, language]); // eslint-disable-line react-hooks/exhaustive-deps
  const parsed = useMemo(
    () => (raw && !raw.error ? spec.prepare(raw, known) : raw),
    [raw, known, spec, language], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const [progress, setProgress] = useState<ChunkProgress | null>(null);
  const [outcome, setOutcome] = useState<ChunkedResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const readSeq = useRef(0);

  const reset = () => {
    setFiles([]);
    setText(null);
    setProgress(null);
    setOutcome(null);
    setError(null);
  };

  const close = () => {
    abort.current?.abort();
    reset();
    onClose();
  };

  const read = async (file: File | undefined) => {
    const seq = ++readSeq.current;
    setText(null);
    setError(null);
    if (!file) return;
    try {
      const content = await file.text();
      if (seq === readSeq.current) setText(content);
    } catch (e) {
      if (seq === readSeq.current) setError(t('import.readFailed', { error: errorMessage(e) }));
    }
  };

  const start = async () => {
    if (!parsed || parsed.rows.length === 0) return;
    const ac = new AbortController();
    abort.current = ac;
    setRunning(true);
    setError(null);
    setOutcome(null);
    try {
      const res = await sendInChunks(parsed.rows, spec.send, { size: CHUNK_SIZE, onProgress: setProgress, signal: ac.signal });
      if (!ac.signal.aborted) setOutcome(res);
      if (res.chunksSent > 0) onImported();
    } catch (e) {
      const partial = (e as { partial?: ChunkedResult }).partial;
      const done = partial?.chunksSent
        ? ` ${t('import.partialSaved', { rows: rowsText(partial.count), count: partial.chunksSent })}`
        : '';
      setError(`${errorMessage(e)}${done}`);
      if (partial?.chunksSent) onImported();
    } finally {
      setRunning(false);
      abort.current = null;
    }
  };

  const done = outcome != null;
  const file = files[0];
  const canImport = !!parsed && !parsed.error && parsed.rows.length > 0;
  const footer = done
    ? [
        <Button key="again" onClick={reset}>
          {t('import.another')}
        </Button>,
        <Button key="close" type="primary" onClick={close} data-testid="catalog-import-close">
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
          disabled={!canImport}
          loading={running}
          onClick={start}
          data-testid="catalog-import-submit"
        >
          {canImport ? t('import.submitRows', { rows: rowsText(parsed!.rows.length) }) : t('import.submit')}
        </Button>,
      ];

  const rowLine = (row: number | null) => (row != null && parsed ? parsed.lines[row] : undefined);
  /** the file lines of a range of sent rows (categories are sent parents first, not in file order) */
  const linesOf = (r: { from: number; to: number }) => {
    const ls = parsed?.lines.slice(r.from, r.to + 1) ?? [];
    if (ls.length === 0) return t('import.noLines');
    const lo = Math.min(...ls);
    const hi = Math.max(...ls);
    return lo === hi ? t('import.oneLine', { line: lo }) : t('import.lineRange', { from: lo, to: hi });
  };

  return (
    <Modal title={t(`import.${kind}.title`)} open={open} onCancel={close} footer={footer} width={760} destroyOnHidden mask={{ closable: !running }}>
      <Typography.Paragraph type="secondary">
        <Trans
          t={t}
          i18nKey={`import.${kind}.intro`}
          values={{ header: spec.header }}
          components={{ code: <Typography.Text code /> }}
        />
      </Typography.Paragraph>
      {!done && !running && (
        <Upload.Dragger
          accept=".csv,text/csv,text/plain"
          maxCount={1}
          multiple={false}
          fileList={files}
          beforeUpload={() => false /* read here, sent as mutations */}
          onChange={({ fileList }) => {
            const last = fileList.slice(-1);
            setFiles(last);
            setProgress(null);
            void read(last[0]?.originFileObj as File | undefined);
          }}
          data-testid="catalog-import-file"
        >
          <p className="ant-upload-text">{t('import.drop')}</p>
          <p className="ant-upload-hint">{spec.header}</p>
        </Upload.Dragger>
      )}

      {parsed?.error && (
        <Alert type="error" showIcon title={parsed.error} style={{ marginTop: 16 }} data-testid="catalog-import-parse-error" />
      )}

      {parsed && !parsed.error && !done && (
        <div style={{ marginTop: 16 }} data-testid="catalog-import-preview">
          <Typography.Paragraph>
            <Trans
              t={t}
              i18nKey={file ? 'import.toImportFrom' : 'import.toImport'}
              values={{ rows: rowsText(parsed.rows.length), file: file?.name }}
              components={{ count: <Typography.Text strong data-testid="catalog-import-row-count" /> }}
            />
            {parsed.bad.length > 0 && (
              <Typography.Text type="warning" data-testid="catalog-import-bad-count">
                {' '}
                {t('import.badSkipped', { count: parsed.bad.length })}
              </Typography.Text>
            )}
          </Typography.Paragraph>
          {parsed.rows.length > 0 && (
            <Table
              size="small"
              rowKey="__line"
              columns={spec.columns.map((c) => ({ ...c, render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text> }))}
              dataSource={parsed.rows.slice(0, PREVIEW_ROWS).map((r, i) => ({ ...r, __line: String(parsed.lines[i]) }))}
              pagination={false}
              footer={
                parsed.rows.length > PREVIEW_ROWS
                  ? () => t('import.moreRows', { rows: rowsText(parsed.rows.length - PREVIEW_ROWS) })
                  : undefined
              }
            />
          )}
          {parsed.bad.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('import.badTitle')}
              description={
                <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 160, overflow: 'auto' }} data-testid="catalog-import-bad-rows">
                  {parsed.bad.slice(0, MAX_BAD_SHOWN).map((b) => (
                    <li key={b.line}>
                      {t('import.line', { line: b.line, reason: b.reason })}{' '}
                      <Typography.Text code>{b.raw.slice(0, 80)}</Typography.Text>
                    </li>
                  ))}
                  {parsed.bad.length > MAX_BAD_SHOWN && <li>{t('import.moreBad', { count: parsed.bad.length - MAX_BAD_SHOWN })}</li>}
                </ul>
              }
            />
          )}
        </div>
      )}

      {progress && !done && (running || error) && (
        <div style={{ marginTop: 16 }} data-testid="catalog-import-progress">
          <Progress
            percent={progress.total ? Math.floor((progress.sent / progress.total) * 100) : 0}
            status={running ? 'active' : error ? 'exception' : undefined}
          />
          <Typography.Text type="secondary">
            {t('import.progress', {
              sent: formatNumber(progress.sent),
              rows: rowsText(progress.total),
              done: formatNumber(progress.done),
              count: progress.chunks,
            })}
          </Typography.Text>
        </div>
      )}

      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="catalog-import-error" />}

      {outcome && (
        <>
          <Progress percent={100} />
          <Result
            status={outcome.userErrors.length ? 'warning' : 'success'}
            title={
              <span data-testid="catalog-import-count">
                {t('import.imported', { rows: rowsText(outcome.count) })}
              </span>
            }
            subTitle={t(file ? 'import.sentInFrom' : 'import.sentIn', {
              rows: rowsText(progress?.total ?? 0),
              count: outcome.chunksSent,
              file: file?.name,
            })}
            style={{ padding: '16px 0' }}
          />
          {outcome.userErrors.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={
                outcome.rejected.length
                  ? t('import.rejected', { count: outcome.rejected.length, lines: outcome.rejected.map(linesOf).join(', ') })
                  : t('import.problems', { count: outcome.userErrors.length })
              }
              description={
                <ul style={{ margin: 0, paddingLeft: 20, maxHeight: 200, overflow: 'auto' }} data-testid="catalog-import-user-errors">
                  {outcome.userErrors.slice(0, MAX_BAD_SHOWN).map((e, i) => {
                    const line = rowLine(rowOfUserError(e.field));
                    return (
                      <li key={i}>
                        {line != null ? t('import.lineOnly', { line }) : e.field?.length ? <Typography.Text code>{e.field.join('.')}</Typography.Text> : null}{' '}
                        {userErrorMessage(e)}
                      </li>
                    );
                  })}
                </ul>
              }
            />
          )}
        </>
      )}
    </Modal>
  );
}
