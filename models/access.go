package models

import "time"

// Role is what a principal may do (the contract's Role).
type Role string

const (
	RoleAdmin    Role = "ADMIN"
	RoleOperator Role = "OPERATOR"
	RoleAnalyst  Role = "ANALYST"
	RoleSupport  Role = "SUPPORT"
	RoleService  Role = "SERVICE"
	RoleShopper  Role = "SHOPPER"
)

// ConsoleRoles are the roles a console user or API key may hold.
var ConsoleRoles = []Role{RoleAdmin, RoleOperator, RoleAnalyst, RoleSupport, RoleService}

// PrincipalKind says how a caller authenticated.
type PrincipalKind string

const (
	KindConsoleUser PrincipalKind = "CONSOLE_USER"
	KindAPIKey      PrincipalKind = "API_KEY"
	KindShopper     PrincipalKind = "SHOPPER"
)

// ConsoleUser is a person who logs into the console.
type ConsoleUser struct {
	ID           uint64     `gorm:"primaryKey;autoIncrement"`
	Username     string     `gorm:"size:64;not null;uniqueIndex"`
	PasswordHash string     `gorm:"size:100;not null"`
	Roles        StringList `gorm:"type:varchar(200);not null"`
	CreatedAt    time.Time  `gorm:"not null"`
	// DisabledAt is when an admin disabled the user (nil: enabled). A
	// disabled user cannot log in, and their sessions stop working.
	DisabledAt *time.Time
}

// Session is a console login. Only a hash of the cookie's token is stored.
type Session struct {
	TokenHash string    `gorm:"primaryKey;size:64"`
	UserID    uint64    `gorm:"not null;index"`
	ExpiresAt time.Time `gorm:"not null;index"`
	CreatedAt time.Time `gorm:"not null"`
}

// APIKey is a service's credential. Only a hash of the secret is stored.
type APIKey struct {
	ID         uint64     `gorm:"primaryKey;autoIncrement"`
	Name       string     `gorm:"size:100;not null"`
	Roles      StringList `gorm:"type:varchar(200);not null"`
	SecretHash string     `gorm:"size:64;not null;uniqueIndex"`
	CreatedBy  string     `gorm:"size:100;not null"`
	CreatedAt  time.Time  `gorm:"not null"`
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// AuditEntry records one mutation by a console user or API key.
type AuditEntry struct {
	ID         uint64    `gorm:"primaryKey;autoIncrement"`
	At         time.Time `gorm:"not null;index"`
	Actor      string    `gorm:"size:100;not null;index"`
	Action     string    `gorm:"size:64;not null"`
	EntityType string    `gorm:"size:64;not null;index:idx_audit_entity"`
	EntityID   string    `gorm:"size:128;not null;index:idx_audit_entity"`
	Detail     string    `gorm:"type:text;not null"`
}
