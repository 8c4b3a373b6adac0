// The pod sandbox ("pause") container of the local cluster: it holds the pod's namespaces
// open, does nothing until SIGTERM or SIGINT, then exits 0. As PID 1 of a pod that shares
// its PID namespace, it reaps the orphans that are reparented to it, as the upstream pause does.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// Set at build time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "-v" || os.Args[1] == "--version") {
		fmt.Println("pause", version)
		return
	}
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	// Printed once the signals are caught: from here on, SIGTERM ends it with 0.
	if os.Getpid() != 1 {
		fmt.Fprintln(os.Stderr, "pause: warning: not PID 1, so orphans are not reaped here")
	}
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			fmt.Fprintf(os.Stderr, "pause: %v: shutting down\n", sig)
			return
		}
		reapChildren()
	}
}

// reapChildren waits for every child that has exited, without blocking on the living.
func reapChildren() {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if pid <= 0 || err != nil {
			return
		}
	}
}
