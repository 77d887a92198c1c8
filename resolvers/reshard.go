package resolvers

import (
	"github.com/coupond/coupond/graph/model"
	"github.com/coupond/coupond/internal/reshard"
	"github.com/coupond/coupond/models"
)

func toResharding(s *reshard.Status) *model.Resharding {
	out := &model.Resharding{Layout: s.From, Generation: s.State.Gen, Phase: model.ReshardPhase(s.State.Phase),
		Tables: []*model.ReshardTable{}, Instances: []*model.ReshardInstance{}}
	if s.State.Phase == "" {
		out.Phase = model.ReshardPhase(models.ReshardOpen)
	}
	if s.State.Version > 0 {
		at, by := s.State.ChangedAt, s.State.ChangedBy
		out.ChangedAt, out.ChangedBy = &at, &by
	}
	if s.State.Note != "" {
		note := s.State.Note
		out.Note = &note
	}
	if s.To != "" {
		to := s.To
		out.Target = &to
	}
	for _, t := range s.Tables {
		out.Tables = append(out.Tables, &model.ReshardTable{Table: t.Table, Copied: t.Copied, CopiedThrough: t.CopiedTo,
			LastID: int64(t.LastID), CaughtUpThrough: t.Events, LastEvent: int64(t.LastEvent)})
	}
	for _, in := range s.Instances {
		out.Instances = append(out.Instances, &model.ReshardInstance{Name: in.Owner, Layout: in.Layout, Generation: in.Gen,
			Frozen: in.Frozen, Stale: in.Stale, SeenAt: in.SeenAt})
	}
	return out
}
