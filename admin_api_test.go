package main

import (
	"strings"
	"testing"
	"time"

	"github.com/coupond/coupond/internal/testenv"
)

const (
	consoleUsersQ = `{consoleUsers{id username roles disabled createdAt}}`
	createUserQ   = `mutation($in:ConsoleUserInput!){createConsoleUser(input:$in){consoleUser{id username roles disabled} userErrors{field code message}}}`
	updateUserQ   = `mutation($id:ID!,$r:[Role!],$d:Boolean){updateConsoleUser(id:$id,roles:$r,disabled:$d){consoleUser{id username roles disabled} userErrors{field code message}}}`
	resetPassQ    = `mutation($id:ID!,$p:String!){resetConsoleUserPassword(id:$id,password:$p){consoleUser{id} userErrors{field code message}}}`
)

// userError is the first userError's code of a payload (or "").
func userError(d map[string]any, field string) string {
	c, _ := dig(d, field, "userErrors", 0, "code").(string)
	return c
}

func consoleUserID(t *testing.T, admin *client, name string) string {
	t.Helper()
	for _, u := range dig(admin.ok(consoleUsersQ, nil), "consoleUsers").([]any) {
		if dig(u, "username") == name {
			return dig(u, "id").(string)
		}
	}
	t.Fatalf("no console user %s", name)
	return ""
}

// Console users: listed, their roles changed, disabled (logins refused and
// sessions ended at once) and enabled, passwords reset; never the caller
// disabled, nor the last ADMIN removed; passwords never in the audit log.
func TestConsoleUserAdmin(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		const pass = "analyst password 1"
		c := admin.ok(createUserQ, map[string]any{"in": map[string]any{"username": "ana", "password": pass, "roles": []string{"ANALYST"}}})
		if e := userError(c, "createConsoleUser"); e != "" {
			t.Fatalf("create: %v", c)
		}
		id, _ := dig(c, "createConsoleUser", "consoleUser", "id").(string)
		if id == "" || dig(c, "createConsoleUser", "consoleUser", "disabled") != false {
			t.Fatalf("create: %v", c)
		}
		if got := consoleUserID(t, admin, "ana"); got != id {
			t.Fatalf("consoleUsers lists ana as %s, created %s", got, id)
		}
		ana := newClient(t, m)
		ana.login("ana", pass)
		if r := ana.do(consoleUsersQ, nil); r.code() != "FORBIDDEN" {
			t.Errorf("an analyst lists console users: %+v", r.Errors)
		}

		// Roles change at once, in the user's live session too.
		u := admin.ok(updateUserQ, map[string]any{"id": id, "r": []string{"ANALYST", "SUPPORT"}})
		if e := userError(u, "updateConsoleUser"); e != "" || len(dig(u, "updateConsoleUser", "consoleUser", "roles").([]any)) != 2 {
			t.Fatalf("roles: %v", u)
		}
		if roles := dig(ana.ok(`{me{roles}}`, nil), "me", "roles").([]any); len(roles) != 2 {
			t.Errorf("ana's session has roles %v", roles)
		}
		if u := admin.ok(updateUserQ, map[string]any{"id": id, "r": []string{"SHOPPER"}}); userError(u, "updateConsoleUser") != "INVALID_INPUT" {
			t.Errorf("SHOPPER given: %v", u)
		}
		if u := admin.ok(updateUserQ, map[string]any{"id": "999999", "d": true}); userError(u, "updateConsoleUser") != "NOT_FOUND" {
			t.Errorf("an unknown id: %v", u)
		}

		// The caller cannot disable themselves nor drop their own ADMIN;
		// nobody can remove the last enabled ADMIN.
		adminID := consoleUserID(t, admin, "admin")
		if u := admin.ok(updateUserQ, map[string]any{"id": adminID, "d": true}); userError(u, "updateConsoleUser") != "INVALID_STATE" {
			t.Errorf("admin disabled themselves: %v", u)
		}
		if u := admin.ok(updateUserQ, map[string]any{"id": adminID, "r": []string{"OPERATOR"}}); userError(u, "updateConsoleUser") != "INVALID_STATE" {
			t.Errorf("admin dropped their own ADMIN: %v", u)
		}
		key := keyClient(t, admin, m, "ADMIN")
		for _, v := range []map[string]any{{"id": adminID, "d": true}, {"id": adminID, "r": []string{"ANALYST"}}} {
			u := key.ok(updateUserQ, v)
			if userError(u, "updateConsoleUser") != "INVALID_STATE" || !strings.Contains(dig(u, "updateConsoleUser", "userErrors", 0, "message").(string), "last enabled ADMIN") {
				t.Errorf("the last ADMIN removed (%v): %v", v, u)
			}
		}
		if r := admin.do(`{me{name}}`, nil); dig(r.Data, "me", "name") != "admin" {
			t.Fatalf("admin lost their session: %v", r.Data)
		}
		// With a second ADMIN, the key may demote the first.
		admin.ok(updateUserQ, map[string]any{"id": id, "r": []string{"ADMIN"}})
		if u := key.ok(updateUserQ, map[string]any{"id": adminID, "r": []string{"OPERATOR"}}); userError(u, "updateConsoleUser") != "" {
			t.Errorf("admin demoted with another ADMIN left: %v", u)
		}
		if u := key.ok(updateUserQ, map[string]any{"id": id, "d": true}); userError(u, "updateConsoleUser") != "INVALID_STATE" {
			t.Errorf("the last ADMIN (ana) disabled: %v", u)
		}
		key.ok(updateUserQ, map[string]any{"id": adminID, "r": []string{"ADMIN"}})
		admin.ok(updateUserQ, map[string]any{"id": id, "r": []string{"ANALYST"}})

		// Disabled: the session ends at once and logins are refused.
		if u := admin.ok(updateUserQ, map[string]any{"id": id, "d": true}); dig(u, "updateConsoleUser", "consoleUser", "disabled") != true {
			t.Fatalf("disable: %v", u)
		}
		if r := ana.do(`{me{name}}`, nil); dig(r.Data, "me") != nil {
			t.Errorf("a disabled user's session still works: %v", r.Data)
		}
		l := newClient(t, m).ok(`mutation($p:String!){login(username:"ana",password:$p){principal{name} userErrors{code message}}}`, map[string]any{"p": pass})
		if dig(l, "login", "principal") != nil || userError(l, "login") != "FORBIDDEN" {
			t.Errorf("a disabled user logged in: %v", l)
		}
		if u := admin.ok(updateUserQ, map[string]any{"id": id, "d": false}); dig(u, "updateConsoleUser", "consoleUser", "disabled") != false {
			t.Fatalf("enable: %v", u)
		}
		ana.login("ana", pass)

		// A password reset follows the rules and ends the sessions.
		if r := admin.ok(resetPassQ, map[string]any{"id": id, "p": "short"}); userError(r, "resetConsoleUserPassword") != "INVALID_INPUT" {
			t.Errorf("a short password: %v", r)
		}
		const newPass = "a brand new secret pass"
		if r := admin.ok(resetPassQ, map[string]any{"id": id, "p": newPass}); userError(r, "resetConsoleUserPassword") != "" {
			t.Fatalf("reset: %v", r)
		}
		if r := ana.do(`{me{name}}`, nil); dig(r.Data, "me") != nil {
			t.Errorf("a session outlived a password reset: %v", r.Data)
		}
		ana.login("ana", newPass)

		// Every change is audited, without the passwords.
		var entries []map[string]any
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			entries = auditEntries(t, admin, "")
			if len(entries) > 0 || time.Now().After(deadline) {
				break
			}
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e["action"].(string)]++
			detail := e["detail"].(string)
			for _, secret := range []string{pass, newPass, "short"} {
				if strings.Contains(detail, secret) {
					t.Errorf("a password in the audit log: %v", e)
				}
			}
			if e["action"] == "resetConsoleUserPassword" && (e["entityType"] != "ConsoleUser" || e["entityId"] != id) {
				t.Errorf("reset entry: %v", e)
			}
		}
		if actions["createConsoleUser"] != 1 || actions["updateConsoleUser"] < 8 || actions["resetConsoleUserPassword"] != 2 {
			t.Errorf("audited actions: %v", actions)
		}
	})
}

// The audit log narrows by action and by time as well as by actor.
func TestAuditLogFilters(t *testing.T) {
	testenv.Each(t, func(t *testing.T, b testenv.Backend) {
		d := newDeployment(t, b)
		m := d.start(t)
		admin := adminClient(t, m)
		before := time.Now().UTC().Add(-time.Second)
		for _, n := range []string{"f1", "f2"} {
			admin.ok(`mutation($n:String!){createApiKey(name:$n,roles:[ANALYST]){apiKey{id}}}`, map[string]any{"n": n})
		}
		q := `query($ac:String,$a:String,$s:Time,$u:Time){auditLog(actor:$ac,action:$a,since:$s,until:$u,first:50){edges{node{actor action at}}}}`
		count := func(v map[string]any) int {
			t.Helper()
			return len(dig(admin.ok(q, v), "auditLog", "edges").([]any))
		}
		if n := count(map[string]any{"a": "createApiKey"}); n != 2 {
			t.Errorf("action createApiKey: %d entries, want 2", n)
		}
		if n := count(map[string]any{"a": "createApiKey", "ac": "nobody"}); n != 0 {
			t.Errorf("actor nobody: %d entries", n)
		}
		if n := count(map[string]any{"a": "createApiKey", "ac": "admin", "s": before.Format(time.RFC3339Nano)}); n != 2 {
			t.Errorf("since before: %d entries, want 2", n)
		}
		if n := count(map[string]any{"a": "createApiKey", "u": before.Format(time.RFC3339Nano)}); n != 0 {
			t.Errorf("until before: %d entries, want 0", n)
		}
		if n := count(map[string]any{"s": time.Now().UTC().Add(time.Hour).Format(time.RFC3339Nano)}); n != 0 {
			t.Errorf("since in an hour: %d entries", n)
		}
	})
}
