package provider

// What every resource's lifecycle shares: an identity of the ID, import
// by ID (and the error when there is nothing to import), removal of an
// object deleted outside Terraform, delete, what only the API sets kept
// in a plan that changes nothing else, and the errors of a create.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/apify/terraform-provider-apify/internal/apify"
)

// idIdentitySchema is the identity of an object known by its ID.
func idIdentitySchema(kind, example string) identityschema.Schema {
	return identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				Description:       fmt.Sprintf("ID of the %s, such as `%s`.", kind, example),
				RequiredForImport: true,
			},
		},
	}
}

// importByID imports by the ID in req, or by the identity's.
func importByID(ctx context.Context, typeName, what string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if strings.TrimSpace(req.ID) == "" && (req.Identity == nil || req.Identity.Raw.IsNull()) {
		resp.Diagnostics.AddError("Missing import ID", fmt.Sprintf("Import an %s by %s.", typeName, what))
		return
	}
	resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
}

// removeResource removes a resource deleted outside Terraform from the
// state, so that the next plan creates it again. The framework asks for
// an identity even of a resource removed ("Upstream reports" in
// DESIGN.md).
func removeResource(ctx context.Context, resp *resource.ReadResponse, id types.String) {
	resp.State.RemoveResource(ctx)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

// setResourceState puts m into a resource's state, and id into its
// identity (engines before Terraform 1.12 and OpenTofu 1.12 keep none),
// unless mapping m failed.
func setResourceState(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, m model, id types.String, diags *diag.Diagnostics) {
	if diags.HasError() {
		return
	}
	setState(ctx, state, diags, m)
	if identity != nil {
		diags.Append(identity.SetAttribute(ctx, path.Root("id"), id)...)
	}
}

// readFailed handles what a Read of the object id got besides the object
// itself, and reports whether it did: on import (importing), an object
// that does not exist is an error with the forms of ID import takes;
// otherwise one deleted outside Terraform is removed from the state; any
// other failure is a diagnostic.
func readFailed(ctx context.Context, resp *resource.ReadResponse, err error, id types.String, importing bool, kind, forms string) bool {
	switch {
	case err == nil:
		return false
	case apify.IsNotFound(err) && importing:
		addImportNotFoundError(&resp.Diagnostics, kind, id.ValueString(), forms)
	case apify.IsNotFound(err):
		tflog.Warn(ctx, capitalize(kind)+" not found; removing it from the state", map[string]any{"id": id.ValueString()})
		removeResource(ctx, resp, id)
	default:
		addAPIErrorDiagnostic(&resp.Diagnostics, err, idTarget(reading, kind, id.ValueString(), path.Root("id")))
	}
	return true
}

// deleteByID deletes the object of the state's ID with del, for a
// resource's Delete; one already gone counts as deleted.
func deleteByID(ctx context.Context, client *apify.Client, req resource.DeleteRequest, resp *resource.DeleteResponse,
	kind string, del func(*apify.Client, context.Context, string) error,
) {
	var id types.String
	if !readConfigured(ctx, client, req.State, some{"id": &id}, &resp.Diagnostics) {
		return
	}
	if err := del(client, ctx, id.ValueString()); err != nil && !apify.IsNotFound(err) {
		addAPIErrorDiagnostic(&resp.Diagnostics, err, apiTarget{action: deleting, subject: fmt.Sprintf("%s %q", kind, id.ValueString())})
	}
}

// keepWhenUnchanged keeps the computed attributes names, which only the
// API sets, in a plan that changes nothing else. The framework plans
// them unknown as soon as the configuration differs from the state,
// before a plan modifier has judged the difference one of form only
// (keepEquivalentForm).
func keepWhenUnchanged(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, names ...string) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	// The whole plan with the stored values: if that is the state,
	// nothing else changes.
	kept := resp.Plan
	for _, name := range names {
		var stored types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(name), &stored)...)
		resp.Diagnostics.Append(kept.SetAttribute(ctx, path.Root(name), stored)...)
	}
	if !resp.Diagnostics.HasError() && kept.Raw.Equal(req.State.Raw) {
		resp.Plan = kept
	}
}

// createFailed reports, with a diagnostic, a create of the kind's object
// named name (of the resource type typeName) that failed, and whether it
// did. A name the account already
// uses for another object says which, and gives the import block that
// takes it over. Any other failure says the object may have been
// created all the same. An object the create adopted (apify.Created) is
// a warning that names it.
func createFailed[T any](diags *diag.Diagnostics, created apify.Created[T], err error, typeName, kind, name string) bool {
	if err == nil {
		if created.Adopted {
			diags.AddWarning(capitalize(kind)+" adopted",
				fmt.Sprintf("The account already had a %s named %q (ID %s), the same as this configuration in everything a "+
					"create sends, as one that an interrupted apply made is, so it is managed here from now on rather than "+
					"created a second time. If another configuration manages it too, remove it from one of them "+
					"(terraform state rm): a destroy of either deletes it.", kind, name, created.AdoptedID))
		}
		return false
	}
	taken, isTaken := errors.AsType[*apify.NameTakenError](err)
	lost, isLost := errors.AsType[*apify.CreateLostError](err)
	switch {
	case isTaken && taken.ID != "":
		diags.AddAttributeError(path.Root("name"), capitalize(kind)+" name taken", fmt.Sprintf(
			"The account already has a %s named %q (ID %s), which differs from this configuration in its %s, so it was "+
				"not taken over. To manage it here, import it: add this block, with `to` set to the address in the "+
				"\"with\" line above, and apply again; the plan then shows what the configuration changes of it.\n\n"+
				"import {\n  to = %s\n  id = %q\n}\n\n"+
				"Otherwise choose another name. A replacement with create_before_destroy meets this too: the %s it "+
				"replaces still holds the name until the new one is made, so keep the name only without create_before_destroy.",
			kind, name, taken.ID, strings.Join(taken.Differs, ", "), typeName+".<address above>", taken.ID, kind))
		return true
	case isTaken:
		diags.AddAttributeError(path.Root("name"), capitalize(kind)+" name taken",
			fmt.Sprintf("The account already has a %s named %q (%s). Import it to manage it here, or choose another name.",
				kind, name, sentence(err)))
		return true
	case isLost && lost.FoundID != "":
		addAPIErrorDiagnostic(diags, err, apiTarget{
			action: creating, subject: fmt.Sprintf("%s %q", kind, name),
			afterRequest: fmt.Sprintf("If %s is this create's, changed since, import it, with `to` set to the address in "+
				"the \"with\" line above:\n\nimport {\n  to = %s\n  id = %q\n}", lost.FoundID, typeName+".<address above>", lost.FoundID),
		})
		return true
	}
	addAPIErrorDiagnostic(diags, err, apiTarget{
		action: creating, subject: fmt.Sprintf("%s %q", kind, name),
		afterRequest: fmt.Sprintf("The %s may have been created all the same: the next apply takes it over if it is the "+
			"one this configuration describes, and otherwise names it.", kind),
	})
	return true
}

// importedKey is the private state's key that says an object was imported
// and no update has set it since: its sensitive attributes hold what the
// platform has, not what a configuration sent, and a configuration that
// leaves them out (as one Terraform generates does) would clear them.
const importedKey = "imported"

// markImported records in a Read's private state that it imported the
// object.
func markImported(ctx context.Context, resp *resource.ReadResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte("true"))...)
}

// updatedAfterImport records in an Update's private state that the
// configuration has set the object since its import.
func updatedAfterImport(ctx context.Context, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

// wasImported says whether a plan's prior state is an import that no
// update has set since.
func wasImported(ctx context.Context, req resource.ModifyPlanRequest, diags *diag.Diagnostics) bool {
	if req.Private == nil {
		return false
	}
	imported, d := req.Private.GetKey(ctx, importedKey)
	diags.Append(d...)
	return len(imported) > 0
}

// addImportNotFoundError reports an import of an object that does not
// exist, with the forms of ID the import takes, rather than Terraform's
// bare "non-existent remote object".
func addImportNotFoundError(diags *diag.Diagnostics, kind, id, forms string) {
	diags.AddError(capitalize(kind)+" not found",
		fmt.Sprintf("The Apify API has no %s %q that this token can see. Import takes %s; check it, and that the "+
			"token belongs to the account that owns the %s.", kind, id, forms, kind))
}
