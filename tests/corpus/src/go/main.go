package main

import (
	"context"
	"database/sql"
	"log"
	"net/http"
	"os"
	"time"

	_ "github.com/lib/pq"
	"github.com/slack-go/slack"
)

const (
	slackToken   = "xoxb-257606573079-7756690082631-n0h8G3rjBevO4RufpBxBJtpV"
	alertChannel = "CJA7BJ4T5B3"
)

var dsn = "host=pg.internal port=5432 user=inventory password=zFoKQ1eBj0hUfGfbCeF6 dbname=inventory sslmode=require"

type server struct {
	db    *sql.DB
	slack *slack.Client
}

func main() {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	s := &server{db: db, slack: slack.New(slackToken)}

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := s.db.PingContext(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	})
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}
	log.Printf("listening on %s (build %s)", addr, "8ed5d650e70e")
	log.Fatal(http.ListenAndServe(addr, mux))
}
