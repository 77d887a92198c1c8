package models

import "time"

// Category is a node of the product category tree (meta database). A scope
// naming a category covers its descendants.
type Category struct {
	ID        string  `gorm:"primaryKey;size:64"`
	Name      string  `gorm:"size:200;not null"`
	ParentID  *string `gorm:"size:64;index"`
	UpdatedAt time.Time
}

// Product is a product of the mall's catalog (meta database). A
// super-blacklisted product is never eligible for any coupon.
type Product struct {
	ID               string  `gorm:"primaryKey;size:64"`
	Name             string  `gorm:"size:300;not null"`
	CategoryID       *string `gorm:"size:64;index"`
	SuperBlacklisted bool    `gorm:"not null;default:false;index"`
	UpdatedAt        time.Time
}
