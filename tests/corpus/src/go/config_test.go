package config

import (
	"os"
	"testing"
)

const testToken = "test-token-123"

func TestLoadFromEnv(t *testing.T) {
	os.Setenv("APP_API_TOKEN", testToken)
	os.Setenv("APP_DB_PASSWORD", "postgres")
	defer os.Unsetenv("APP_API_TOKEN")
	cfg, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.APIToken != testToken {
		t.Errorf("APIToken = %q, want %q", cfg.APIToken, testToken)
	}
}

func TestRedactsSecrets(t *testing.T) {
	cfg := Config{APIToken: "abc", DBPassword: "secret"}
	if got := cfg.String(); got != "Config{APIToken:***, DBPassword:***}" {
		t.Errorf("String() = %q", got)
	}
}

func TestChecksum(t *testing.T) {
	want := "93a08791f13331f57c78a52409e833a43d886543148de36fa54af415b030e8bc"
	if got := checksum([]byte("hello")); got != want {
		t.Errorf("checksum = %s, want %s", got, want)
	}
}
