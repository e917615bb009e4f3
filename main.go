// Command terraform-provider-apify serves the Apify Terraform provider to
// Terraform over the plugin protocol, version 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/apify/terraform-provider-apify/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// Before any logger exists: see MuteUnreadLogs. A debugging session
		// shows the logs whatever the environment.
		provider.MuteUnreadLogs()
	}
	if err := tf6server.Serve("registry.terraform.io/apify/apify", provider.NewServer(version), opts...); err != nil {
		log.Fatal(err)
	}
}
