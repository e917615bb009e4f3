package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	resourcetimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The timeouts blocks, declared here once so that every data source's and
// resource's accepts the same durations with the same messages.

// dataSourceTimeoutsBlock is framework-timeouts' block with a read
// timeout described by description, checked by positiveDuration rather
// than the library's validator, which accepts "0s" and "-1m" and whose
// message offers a negative duration as an example.
func dataSourceTimeoutsBlock(ctx context.Context, description string) schema.Block {
	block := timeouts.BlockWithOpts(ctx, timeouts.Opts{ReadDescription: description})
	nested, ok := block.(schema.SingleNestedBlock)
	if !ok {
		return block
	}
	if read, ok := nested.Attributes["read"].(schema.StringAttribute); ok {
		read.Validators = []validator.String{positiveDuration()}
		nested.Attributes["read"] = read
	}
	return nested
}

// resourceCreateTimeoutsBlock is the resource version of
// dataSourceTimeoutsBlock, with a create timeout described by description.
func resourceCreateTimeoutsBlock(ctx context.Context, description string) resourceschema.Block {
	block := resourcetimeouts.Block(ctx, resourcetimeouts.Opts{Create: true, CreateDescription: description})
	nested, ok := block.(resourceschema.SingleNestedBlock)
	if !ok {
		return block
	}
	if create, ok := nested.Attributes["create"].(resourceschema.StringAttribute); ok {
		create.Validators = []validator.String{positiveDuration()}
		nested.Attributes["create"] = create
	}
	return nested
}
