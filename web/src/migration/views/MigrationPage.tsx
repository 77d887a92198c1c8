import { useEffect, useState, type HTMLAttributes } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, gqlRequest } from '../../api/client';
import i18n from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { errorMessage, userErrorMessage, type UserErrorLike } from '../../errors';
import type { MigrationMode, MigrationTaskKind } from '../../gql/graphql';
import { MigrationDiffsTable } from '../components/MigrationDiffsTable';
import { MigrationFigures } from '../components/MigrationFigures';
import { MigrationModeSteps } from '../components/MigrationModeSteps';
import { MigrationTaskCard } from '../components/MigrationTaskCard';
import { NextModeCard } from '../components/NextModeCard';
import { ReshardingCard } from '../components/ReshardingCard';
import { TaskControls } from '../components/TaskControls';
import { modeChangeText, modeName, taskKindLabel } from '../format';
import { useDiffsFollowTask, useMigration, useMigrationChanged } from '../hooks';
import { CancelMigrationTaskMutation, SetMigrationModeMutation, StartMigrationTaskMutation } from '../mutations';

const joined = (ues: readonly UserErrorLike[]) => ues.map(userErrorMessage).join(' ');

/**
 * A failed request in words, with the server's own message when it sent
 * one. UNAVAILABLE from these mutations means "this instance has no
 * monolith database", not "try again shortly": its message alone is shown.
 */
function failureText(e: unknown): string {
  const text = errorMessage(e);
  if (!(e instanceof ApiError) || e.errors.length === 0 || !e.message || e.message === text) return text;
  if (e.code === 'UNAVAILABLE') return i18n.t('migration:page.serverRefused', { message: e.message });
  return i18n.t('migration:page.serverSaid', { text, message: e.message });
}

/**
 * /migration (ADMIN): the migration of the mall's coupons from the
 * monolith's tables into coupond: the mode and its next step with what
 * blocks it, the figures of both sides, the tasks (static copy, copy,
 * verify, repair) with the running or last one, read every second while it
 * runs, and the last verify's differences.
 */
export default function MigrationPage() {
  const { t } = useTranslation(['migration', 'common']);
  const migration = useMigration();
  const changed = useMigrationChanged();
  const { message, modal, notification } = App.useApp();
  const [rowsPerSecond, setRowsPerSecond] = useState(0);
  const task = migration.data?.task;
  const running = task?.status === 'RUNNING';
  const now = useNow(running);
  useDiffsFollowTask(task);

  const failed = (title: string, description: string) =>
    notification.error({ title, description, duration: 10, props: { 'data-testid': 'migration-error' } as HTMLAttributes<HTMLDivElement> });

  const start = useMutation({
    mutationFn: async (kind: MigrationTaskKind) =>
      (await gqlRequest(StartMigrationTaskMutation, { kind, rowsPerSecond: kind === 'COPY' ? rowsPerSecond : null })).startMigrationTask,
    onSuccess: (p, kind) => {
      if (p.task && p.userErrors.length === 0) message.success(t('page.taskStarted', { kind: taskKindLabel(kind), id: p.task.id }));
      else failed(t('page.taskNotStarted', { kind: taskKindLabel(kind) }), joined(p.userErrors) || t('page.taskRefused'));
      void changed({ task: p.userErrors.length === 0 ? p.task : null });
    },
    onError: (e, kind) => failed(t('page.taskNotStarted', { kind: taskKindLabel(kind) }), failureText(e)),
  });

  const cancel = useMutation({
    mutationFn: async () => (await gqlRequest(CancelMigrationTaskMutation)).cancelMigrationTask,
    onSuccess: (p) => {
      if (p.task && p.userErrors.length === 0) message.success(t('page.cancelAsked', { id: p.task.id }));
      else failed(t('page.notCancelled'), joined(p.userErrors) || t('page.refused'));
      void changed();
    },
    onError: (e) => failed(t('page.notCancelled'), failureText(e)),
  });

  const setMode = useMutation({
    mutationFn: async (mode: MigrationMode) => (await gqlRequest(SetMigrationModeMutation, { mode })).setMigrationMode,
    onSuccess: (p, mode) => {
      if (p.userErrors.length === 0) message.success(t('page.modeChanged', { mode: modeName(mode) }));
      else failed(t('page.modeNotChanged', { mode: modeName(mode) }), joined(p.userErrors));
      void changed({ migration: p.migration });
    },
    onError: (e, mode) => {
      failed(t('page.modeNotChanged', { mode: modeName(mode) }), failureText(e));
      void changed();
    },
  });

  if (migration.isPending) return <Spin />;
  if (migration.isError && !migration.data) {
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(migration.error)}
        action={
          <Button size="small" onClick={() => migration.refetch()}>
            {t('common:actions.retry')}
          </Button>
        }
        data-testid="migration-load-error"
      />
    );
  }
  const m = migration.data;

  const confirmMode = (to: MigrationMode) => {
    const text = modeChangeText(m.mode, to);
    const back = to !== m.nextMode;
    modal.confirm({
      title: text.title,
      width: 520,
      content: (
        <>
          <Typography.Paragraph>{text.content}</Typography.Paragraph>
          {text.warning && <Alert type="warning" showIcon title={text.warning} />}
        </>
      ),
      okText: back ? t('modeChange.stepBackTo', { mode: modeName(to) }) : t('modeChange.moveTo', { mode: modeName(to) }),
      cancelText: t('modeChange.stayIn', { mode: modeName(m.mode) }),
      okButtonProps: { danger: back, 'data-testid': 'migration-mode-confirm' } as ButtonProps,
      onOk: () => setMode.mutateAsync(to).catch(() => undefined),
    });
  };

  const confirmCancel = () => {
    if (!task) return;
    modal.confirm({
      title: t('page.cancelTitle', { id: task.id, kind: taskKindLabel(task.kind) }),
      content:
        task.kind === 'COPY' ? t('page.cancelCopy') : t('page.cancelOther'),
      okText: t('page.cancelOk'),
      cancelText: t('page.keepRunning'),
      okButtonProps: { danger: true, 'data-testid': 'migration-cancel-confirm' } as ButtonProps,
      onOk: () => cancel.mutateAsync().catch(() => undefined),
    });
  };

  return (
    <>
      <Space align="center" style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('page.title')}
        </Typography.Title>
        <Button onClick={() => migration.refetch()} loading={migration.isFetching && !running} data-testid="migration-refresh">
          {t('common:actions.refresh')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 960 }}>
        {t('page.intro', {
          legacyOnly: modeName('LEGACY_ONLY'),
          dualWrite: modeName('DUAL_WRITE'),
          dualWriteNewRead: modeName('DUAL_WRITE_NEW_READ'),
          newOnly: modeName('NEW_ONLY'),
        })}
      </Typography.Paragraph>

      {migration.isError && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('page.stale', { error: errorMessage(migration.error) })}
          description={t('page.staleDetail', { time: formatDateTime(migration.dataUpdatedAt, { seconds: true }) })}
          action={
            <Button size="small" onClick={() => migration.refetch()}>
              {t('common:actions.retry')}
            </Button>
          }
          data-testid="migration-stale"
        />
      )}
      <Card size="small" title={t('page.mode')} style={{ marginBottom: 16 }}>
        <MigrationModeSteps mode={m.mode} changedAt={m.modeChangedAt} changedBy={m.modeChangedBy} />
      </Card>

      <Card size="small" title={t('page.figures')} style={{ marginBottom: 16 }}>
        <MigrationFigures m={m} />
      </Card>

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>
          <NextModeCard
            mode={m.mode}
            nextMode={m.nextMode}
            blockers={m.blockers}
            changing={setMode.isPending ? (setMode.variables ?? null) : null}
            onChange={confirmMode}
          />
        </Col>
        <Col xs={24} xl={12}>
          <TaskControls
            mode={m.mode}
            running={running}
            rowsPerSecond={rowsPerSecond}
            onRowsPerSecond={setRowsPerSecond}
            starting={start.isPending ? (start.variables ?? null) : null}
            cancelling={cancel.isPending}
            onStart={(kind) => start.mutate(kind)}
            onCancel={confirmCancel}
          />
        </Col>
      </Row>

      <MigrationTaskCard task={task} now={now} />

      <MigrationDiffsTable verify={m.lastVerify} />

      <ReshardingCard />
    </>
  );
}

/** Date.now(), ticking every second while `ticking` (the elapsed time of a running task). */
function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [ticking]);
  return now;
}
