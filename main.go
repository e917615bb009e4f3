// Command terraform-provider-apify serves the Apify Terraform provider to
// Terraform over the plugin protocol, version 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/apify/terraform-provider-apify/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/apify/apify",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
