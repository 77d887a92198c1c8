package resolvers

import (
	"context"
	"strconv"

	"github.com/coupond/coupond/graph/gqlmodel"
	"github.com/coupond/coupond/internal/auth"
	"github.com/coupond/coupond/internal/legacy"
	"github.com/coupond/coupond/models"
)

func toMigration(s *legacy.Status) *gqlmodel.Migration {
	out := &gqlmodel.Migration{Mode: gqlmodel.MigrationMode(s.State.Mode), Configured: s.Configured, LegacyTemplates: s.Templates,
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
		next := gqlmodel.MigrationMode(models.MigrationModes[i])
		out.NextMode = &next
	}
	return out
}

func toTask(t *models.MigrationTask) *gqlmodel.MigrationTask {
	if t == nil {
		return nil
	}
	out := &gqlmodel.MigrationTask{ID: idString(t.ID), Kind: gqlmodel.MigrationTaskKind(t.Kind), Status: gqlmodel.MigrationTaskStatus(t.Status),
		Mode: gqlmodel.MigrationMode(t.Mode), RowsPerSecond: t.RateLimit, Done: t.Done, Total: t.Total, Written: t.Written, Users: t.Users,
		Differences: t.Diffs, StartedBy: t.By, StartedAt: t.StartedAt, UpdatedAt: t.UpdatedAt, FinishedAt: t.FinishedAt}
	if t.Error != "" {
		msg := t.Error
		out.Error = &msg
	}
	return out
}

func toDiffConnection(diffs []models.MigrationDiff, n int) *gqlmodel.MigrationDiffConnection {
	out := &gqlmodel.MigrationDiffConnection{Edges: []*gqlmodel.MigrationDiffEdge{}, PageInfo: &gqlmodel.PageInfo{}}
	if len(diffs) > n {
		out.PageInfo.HasNextPage = true
		diffs = diffs[:n]
	}
	for _, d := range diffs {
		node := &gqlmodel.MigrationDiff{ID: idString(d.ID), Kind: gqlmodel.MigrationDiffKind(d.Kind), CouponID: idString(d.CouponID),
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
		out.Edges = append(out.Edges, &gqlmodel.MigrationDiffEdge{Cursor: cursor, Node: node})
		out.PageInfo.EndCursor = &cursor
	}
	return out
}

func taskPayload(ctx context.Context, t *models.MigrationTask, err error) (*gqlmodel.MigrationTaskPayload, error) {
	ues, err := userErrors(err)
	if err != nil {
		return nil, err
	}
	if t != nil {
		auth.NoteEntity(ctx, "MigrationTask", idString(t.ID))
	}
	return &gqlmodel.MigrationTaskPayload{Task: toTask(t), UserErrors: ues}, nil
}
