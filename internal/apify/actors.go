package apify

import (
	"context"
)

// Actors, read by ID or by name, and the account the token belongs to.

// Actor is an Actor as the API returns it, the fields the provider reads.
type Actor struct {
	ID                *string                 `json:"id"`
	UserID            *string                 `json:"userId"`
	Name              *string                 `json:"name"`
	Username          *string                 `json:"username"`
	Title             *string                 `json:"title"`
	Description       *string                 `json:"description"`
	IsPublic          *bool                   `json:"isPublic"`
	CreatedAt         *string                 `json:"createdAt"`
	ModifiedAt        *string                 `json:"modifiedAt"`
	DefaultRunOptions *ActorDefaultRunOptions `json:"defaultRunOptions"`
}

// ActorDefaultRunOptions are the options a run of the Actor has unless a
// task or a schedule sets others.
type ActorDefaultRunOptions struct {
	Build        *string `json:"build"`
	TimeoutSecs  *int64  `json:"timeoutSecs"`
	MemoryMbytes *int64  `json:"memoryMbytes"`
}

// GetActor reads an Actor by its ID or by "username~actor-name".
func (c *Client) GetActor(ctx context.Context, id string) (*Actor, error) {
	return getByID[Actor](ctx, c, "Actor", "/v2/actors", id)
}

// User is the account a token belongs to, the fields the provider reads.
type User struct {
	ID       *string `json:"id"`
	Username *string `json:"username"`
}

// GetCurrentUser reads the account the token belongs to.
func (c *Client) GetCurrentUser(ctx context.Context) (*User, error) {
	return getData[User](ctx, c, "/v2/users/me", nil)
}
