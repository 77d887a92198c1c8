import { useEffect, useState, type HTMLAttributes } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { ApiError, gqlRequest } from '../../api/client';
import { formatTime } from '../../coupons/format';
import { errorMessage, userErrorMessage, type UserErrorLike } from '../../errors';
import type { MigrationMode, MigrationTaskKind } from '../../gql/graphql';
import { MigrationDiffsTable } from '../components/MigrationDiffsTable';
import { MigrationFigures } from '../components/MigrationFigures';
import { MigrationModeSteps } from '../components/MigrationModeSteps';
import { MigrationTaskCard } from '../components/MigrationTaskCard';
import { NextModeCard } from '../components/NextModeCard';
import { ReshardingCard } from '../components/ReshardingCard';
import { TaskControls } from '../components/TaskControls';
import { TASK_KIND_LABELS, modeChangeText } from '../format';
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
  if (e.code === 'UNAVAILABLE') return `The server refused: ${e.message}`;
  return `${text} The server said: ${e.message}`;
}

/**
 * /migration (ADMIN): the migration of the mall's coupons from the
 * monolith's tables into coupond: the mode and its next step with what
 * blocks it, the figures of both sides, the tasks (static copy, copy,
 * verify, repair) with the running or last one, read every second while it
 * runs, and the last verify's differences.
 */
export default function MigrationPage() {
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
      if (p.task && p.userErrors.length === 0) message.success(`${TASK_KIND_LABELS[kind]} started (task ${p.task.id})`);
      else failed(`${TASK_KIND_LABELS[kind]} was not started`, joined(p.userErrors) || 'The server refused the task.');
      void changed({ task: p.userErrors.length === 0 ? p.task : null });
    },
    onError: (e, kind) => failed(`${TASK_KIND_LABELS[kind]} was not started`, failureText(e)),
  });

  const cancel = useMutation({
    mutationFn: async () => (await gqlRequest(CancelMigrationTaskMutation)).cancelMigrationTask,
    onSuccess: (p) => {
      if (p.task && p.userErrors.length === 0) message.success(`Task ${p.task.id} asked to stop; it stops at its next batch`);
      else failed('The task was not cancelled', joined(p.userErrors) || 'The server refused.');
      void changed();
    },
    onError: (e) => failed('The task was not cancelled', failureText(e)),
  });

  const setMode = useMutation({
    mutationFn: async (mode: MigrationMode) => (await gqlRequest(SetMigrationModeMutation, { mode })).setMigrationMode,
    onSuccess: (p, mode) => {
      if (p.userErrors.length === 0) message.success(`The migration is in ${mode} now`);
      else failed(`The mode was not changed to ${mode}`, joined(p.userErrors));
      void changed({ migration: p.migration });
    },
    onError: (e, mode) => {
      failed(`The mode was not changed to ${mode}`, failureText(e));
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
            Retry
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
      okText: back ? `Step back to ${to}` : `Move to ${to}`,
      cancelText: `Stay in ${m.mode}`,
      okButtonProps: { danger: back, 'data-testid': 'migration-mode-confirm' } as ButtonProps,
      onOk: () => setMode.mutateAsync(to).catch(() => undefined),
    });
  };

  const confirmCancel = () => {
    if (!task) return;
    modal.confirm({
      title: `Cancel task ${task.id} (${TASK_KIND_LABELS[task.kind]})?`,
      content:
        task.kind === 'COPY'
          ? 'It stops at its next batch. The copy keeps its checkpoint: a new copy goes on from there.'
          : 'It stops at its next batch. Start it again to run it from the beginning.',
      okText: 'Cancel task',
      cancelText: 'Keep running',
      okButtonProps: { danger: true, 'data-testid': 'migration-cancel-confirm' } as ButtonProps,
      onOk: () => cancel.mutateAsync().catch(() => undefined),
    });
  };

  return (
    <>
      <Space align="center" style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          Migration from the monolith
        </Typography.Title>
        <Button onClick={() => migration.refetch()} loading={migration.isFetching && !running} data-testid="migration-refresh">
          Refresh
        </Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 960 }}>
        Moves the mall&apos;s coupons from the monolith&apos;s tables into coupond: the static copy in LEGACY_ONLY; in
        DUAL_WRITE the copy of the user coupons, verify and repair; in DUAL_WRITE_NEW_READ verify again; then NEW_ONLY. A step
        forward is refused while something blocks it; a step back is always allowed.
      </Typography.Paragraph>

      {migration.isError && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`The migration could not be read again: ${errorMessage(migration.error)}`}
          description={`What follows is as it was at ${formatTime(new Date(migration.dataUpdatedAt).toISOString())}.`}
          action={
            <Button size="small" onClick={() => migration.refetch()}>
              Retry
            </Button>
          }
          data-testid="migration-stale"
        />
      )}
      <Card size="small" title="Mode" style={{ marginBottom: 16 }}>
        <MigrationModeSteps mode={m.mode} changedAt={m.modeChangedAt} changedBy={m.modeChangedBy} />
      </Card>

      <Card size="small" title="Figures" style={{ marginBottom: 16 }}>
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
