package fakeapi

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Listen serves s on a free loopback port and returns its base URL and a
// function that stops it. The demo uses it so that the real client, with
// its real HTTP stack, talks to the fake.
func Listen(s *Server) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("start demo API: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String(), stop, nil
}
