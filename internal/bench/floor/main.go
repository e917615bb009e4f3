// Command floor is the floor the benchmark measures the provider against:
// a provider on the same framework and plugin libraries whose one data
// source, floor_constant, makes no request and returns a constant. A plan
// of its reads costs what Terraform, the plugin protocol and the
// framework cost, and nothing else.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return floorProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/apify/floor", ProtocolVersion: 6})
	if err != nil {
		log.Fatal(err)
	}
}

type floorProvider struct{}

func (floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (floorProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{func() datasource.DataSource { return constant{} }}
}

func (floorProvider) Resources(context.Context) []func() resource.Resource { return nil }

// constant answers every read with the same values, in the shape of a
// small dispatch.
type constant struct{}

type constantModel struct {
	ID        types.String `tfsdk:"id"`
	Status    types.String `tfsdk:"status"`
	EventType types.String `tfsdk:"event_type"`
	CreatedAt types.String `tfsdk:"created_at"`
}

func (constant) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "floor_constant"
}

func (constant) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":         schema.StringAttribute{Required: true},
		"status":     schema.StringAttribute{Computed: true},
		"event_type": schema.StringAttribute{Computed: true},
		"created_at": schema.StringAttribute{Computed: true},
	}}
}

func (constant) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m constantModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	m.Status = types.StringValue("SUCCEEDED")
	m.EventType = types.StringValue("ACTOR.RUN.SUCCEEDED")
	m.CreatedAt = types.StringValue("2026-01-01T00:00:00.000Z")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
