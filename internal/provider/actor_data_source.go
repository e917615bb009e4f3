package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// apify_actor: an Actor found by ID or by the name users know, for the
// IDs a task, a schedule or a webhook needs.

var (
	_ datasource.DataSourceWithConfigure        = (*actorDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*actorDataSource)(nil)
)

type actorDataSource struct{ dataSource }

func newActorDataSource() datasource.DataSource {
	return &actorDataSource{dataSource{typeSuffix: "_actor"}}
}

type actorModel struct {
	ID, Name, ActorName, Username, UserID, Title, Description types.String
	IsPublic                                                  types.Bool
	DefaultBuild                                              types.String
	DefaultTimeoutSecs, DefaultMemoryMbytes                   types.Int64
	CreatedAt, ModifiedAt                                     types.String
}

func (m *actorModel) fields() map[string]any {
	return map[string]any{
		"id": &m.ID, "name": &m.Name, "actor_name": &m.ActorName, "username": &m.Username, "user_id": &m.UserID,
		"title": &m.Title, "description": &m.Description, "is_public": &m.IsPublic, "default_build": &m.DefaultBuild,
		"default_timeout_secs": &m.DefaultTimeoutSecs, "default_memory_mbytes": &m.DefaultMemoryMbytes,
		"created_at": &m.CreatedAt, "modified_at": &m.ModifiedAt,
	}
}

func (d *actorDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(doc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: doc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an Apify Actor by its ID or by its name, such as `apify/web-scraper`: its ID for " +
			"`apify_actor_task`, `apify_schedule` and a webhook's `condition`, and its default run options. An Actor " +
			"that the token cannot see is an error that names the account searched.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "ID of the Actor, such as `moJRLRc85AitArpNN`. Set `id` or `name`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the Actor: the owner's username and the Actor's name, such as " +
					"`apify/web-scraper` (or `apify~web-scraper`), or the name alone for an Actor of the token's own " +
					"account. Read by `id`, it is `username/actor-name`.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"actor_name":            computed("The Actor's own name, such as `web-scraper`."),
			"username":              computed("Username of the Actor's owner, such as `apify`."),
			"user_id":               computed("ID of the Apify user who owns the Actor."),
			"title":                 computed("Title of the Actor, as Apify Store and Console show it."),
			"description":           computed("Short description of the Actor."),
			"is_public":             schema.BoolAttribute{MarkdownDescription: "Whether the Actor is public in Apify Store.", Computed: true},
			"default_build":         computed("Build the Actor runs unless a task or a schedule sets another, such as `latest`."),
			"default_timeout_secs":  schema.Int64Attribute{MarkdownDescription: "Default time limit of a run in seconds; `0` for none.", Computed: true},
			"default_memory_mbytes": schema.Int64Attribute{MarkdownDescription: "Default memory of a run in megabytes.", Computed: true},
			"created_at":            computed("When the Actor was created, as the API's RFC 3339 timestamp."),
			"modified_at":           computed("When the Actor was last changed, as the API's RFC 3339 timestamp."),
		},
	}
}

func (d *actorDataSource) ConfigValidators(_ context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name"))}
}

func (d *actorDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var config actorModel
	if !readConfigured(ctx, d.client, req.Config, &config, &resp.Diagnostics) {
		return
	}
	// The API reads an Actor by ID or by "username~name".
	ref, at := config.ID.ValueString(), path.Root("id")
	if !config.Name.IsNull() {
		ref, at = strings.Replace(config.Name.ValueString(), "/", "~", 1), path.Root("name")
	}
	var account string
	if !config.Name.IsNull() && !strings.Contains(ref, "~") {
		user, err := d.client.GetCurrentUser(ctx)
		if err != nil {
			addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{subject: "the account the token belongs to, to find the Actor in"})
			return
		}
		account = types.StringPointerValue(user.Username).ValueString()
		ref = account + "~" + ref
	}
	actor, err := d.client.GetActor(ctx, ref)
	if apify.IsNotFound(err) {
		d.notFound(ctx, config, at, account, &resp.Diagnostics)
		return
	}
	if err != nil {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, "Actor", ref, at))
		return
	}
	m := actorToModel(actor, config.Name)
	setState(ctx, &resp.State, &resp.Diagnostics, &m)
}

// actorToModel maps an Actor read by name, or by ID when name is null.
func actorToModel(actor *apify.Actor, name types.String) actorModel {
	m := actorModel{
		ID:                  types.StringPointerValue(actor.ID),
		Name:                name,
		ActorName:           types.StringPointerValue(actor.Name),
		Username:            types.StringPointerValue(actor.Username),
		UserID:              types.StringPointerValue(actor.UserID),
		Title:               nonEmptyString(actor.Title),
		Description:         nonEmptyString(actor.Description),
		IsPublic:            types.BoolPointerValue(actor.IsPublic),
		CreatedAt:           types.StringPointerValue(actor.CreatedAt),
		ModifiedAt:          types.StringPointerValue(actor.ModifiedAt),
		DefaultBuild:        types.StringNull(),
		DefaultTimeoutSecs:  types.Int64Null(),
		DefaultMemoryMbytes: types.Int64Null(),
	}
	if m.Name.IsNull() {
		m.Name = types.StringValue(m.Username.ValueString() + "/" + m.ActorName.ValueString())
	}
	if o := actor.DefaultRunOptions; o != nil {
		m.DefaultBuild = types.StringPointerValue(o.Build)
		m.DefaultTimeoutSecs = types.Int64PointerValue(o.TimeoutSecs)
		m.DefaultMemoryMbytes = types.Int64PointerValue(o.MemoryMbytes)
	}
	return m
}

// notFound reports an Actor that the token cannot see, naming the account
// it belongs to: the Actor may be another account's, or private.
func (d *actorDataSource) notFound(ctx context.Context, config actorModel, at path.Path, account string, diags *diag.Diagnostics) {
	if account == "" {
		if user, err := d.client.GetCurrentUser(ctx); err == nil {
			account = types.StringPointerValue(user.Username).ValueString()
		}
	}
	whose := "the token"
	if account != "" {
		whose = fmt.Sprintf("the token (of account %q)", account)
	}
	if config.Name.IsNull() {
		diags.AddAttributeError(at, "Actor not found",
			fmt.Sprintf("The Apify API has no Actor with ID %q that %s can see. Check the ID, or read the Actor by "+
				"name (such as apify/web-scraper). A private Actor of another account is not visible.", config.ID.ValueString(), whose))
		return
	}
	diags.AddAttributeError(at, "Actor not found",
		fmt.Sprintf("The Apify API has no Actor named %q that %s can see. Check the spelling: a name is the "+
			"owner's username and the Actor's name, such as apify/web-scraper, or the Actor's name alone for one "+
			"of the token's own account. A private Actor of another account is not visible.", config.Name.ValueString(), whose))
}
