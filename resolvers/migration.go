package resolvers

import (
	"context"
	"strconv"

	"github.com/coupond/coupond/graph/model"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/models"
)

func toMigration(s *legacy.Status) *model.Migration {
	out := &model.Migration{Mode: model.MigrationMode(s.State.Mode), Configured: s.Configured, LegacyTemplates: s.Templates,
		CopiedTemplates: s.CopiedTemplates, LegacyRows: s.LegacyRows, CopiedThrough: s.Checkpoint.LastID, RowsBehind: s.Behind,
		PendingRepairs: s.PendingRepairs, Task: toTask(s.Task), LastVerify: toTask(s.LastVerify), Blockers: s.Blockers}
	if s.Blockers == nil {
		out.Blockers = []string{}
	}
	if s.State.Version > 0 {
		at, by := s.State.ChangedAt, s.State.ChangedBy
		out.ModeChangedAt, out.ModeChangedBy = &at, &by
	}
	if i := s.State.Mode.Step() + 1; i < len(models.MigrationModes) {
		next := model.MigrationMode(models.MigrationModes[i])
		out.NextMode = &next
	}
	return out
}

func toTask(t *models.MigrationTask) *model.MigrationTask {
	if t == nil {
		return nil
	}
	out := &model.MigrationTask{ID: idString(t.ID), Kind: model.MigrationTaskKind(t.Kind), Status: model.MigrationTaskStatus(t.Status),
		Mode: model.MigrationMode(t.Mode), RowsPerSecond: t.RateLimit, Done: t.Done, Total: t.Total, Written: t.Written, Users: t.Users,
		Differences: t.Diffs, StartedBy: t.By, StartedAt: t.StartedAt, UpdatedAt: t.UpdatedAt, FinishedAt: t.FinishedAt}
	if t.Error != "" {
		msg := t.Error
		out.Error = &msg
	}
	return out
}

func toDiffConnection(diffs []models.MigrationDiff, n int) *model.MigrationDiffConnection {
	out := &model.MigrationDiffConnection{Edges: []*model.MigrationDiffEdge{}, PageInfo: &model.PageInfo{}}
	if len(diffs) > n {
		out.PageInfo.HasNextPage = true
		diffs = diffs[:n]
	}
	for _, d := range diffs {
		node := &model.MigrationDiff{ID: idString(d.ID), Kind: model.MigrationDiffKind(d.Kind), CouponID: idString(d.CouponID),
			Legacy: d.Legacy, Coupond: d.Coupond, Repaired: d.RepairedAt != nil}
		if d.UserID != "" {
			u := d.UserID
			node.UserID = &u
		}
		if d.LegacyID != nil {
			l := strconv.FormatInt(*d.LegacyID, 10)
			node.LegacyID = &l
		}
		if d.UserCouponID != nil {
			u := models.UserCouponID(d.UserID, *d.UserCouponID)
			node.UserCouponID = &u
		}
		cursor := models.EncodeCursor(d.ID)
		out.Edges = append(out.Edges, &model.MigrationDiffEdge{Cursor: cursor, Node: node})
		out.PageInfo.EndCursor = &cursor
	}
	return out
}

func taskPayload(ctx context.Context, t *models.MigrationTask, err error) (*model.MigrationTaskPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if t != nil {
		auth.NoteEntity(ctx, "MigrationTask", idString(t.ID))
	}
	return &model.MigrationTaskPayload{Task: toTask(t), UserErrors: ues}, nil
}
