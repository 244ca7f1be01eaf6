# Credential stores, password files, browser stores, dumps, histories
# and state, written by hand: the whole file.sensitive record of each
# sensitive file (templates, empty files, schemas and the others give
# none), then the classifiers of another folder, then none.
dir=$(pwd)
cd "$T" || exit 99
mkdir -p .aws .cargo .config/gh .docker .gem .kube .ssh .terraform.d \
    Default etc firefox migrations sub
printf 'DB_USER=app\nDB_PASSWORD="x"\n' >.env
printf 'DB_PASSWORD=\n' >.env.production
printf 'DB_PASSWORD=changeme\n' >.env.example
: >empty.env
printf 'https://ann:pw@git.example.com\n' >.git-credentials
printf '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' >.npmrc
printf '//npm.example.com/:_authToken=npm_x1\n' >sub/.npmrc
printf '[pypi]\nusername = __token__\npassword = pypi-x\n' >.pypirc
printf 'machine example.com login ann password pw\n' >.netrc
printf '{"auths": {"ghcr.io": {"auth": "YW5uOnB3"}}}\n' >.docker/config.json
printf '[default]\naws_secret_access_key = x\n' >.aws/credentials
printf 'users:\n- name: a\n  user:\n    token: x\n' >.kube/config
printf 'github.com:\n    oauth_token: gho_x\n' >.config/gh/hosts.yml
printf -- '---\n:rubygems_api_key: rubygems_x\n' >.gem/credentials
printf '[registry]\ntoken = "x"\n' >.cargo/credentials.toml
printf '{"credentials": {"app.terraform.io": {"token": "x"}}}\n' \
    >.terraform.d/credentials.tfrc.json
printf 'root:*:19700:0:99999:7:::\nann:$6$s$h:19800:0:99999:7:::\n' \
    >etc/shadow
printf 'ann:$apr1$s$h\n' >.htpasswd
printf 'SQLite format 3\000' >'Default/Login Data'
printf '{"logins":[{"encryptedPassword":"MDoE"}]}\n' >firefox/logins.json
printf 'SQLite format 3\000' >firefox/key4.db
printf 'SQLite format 3\000' >cache.bin
printf -- '-- MySQL dump 10.13\n' >app.bak
printf "INSERT INTO users VALUES (1, 'ann');\n" >seed.sql
printf 'CREATE TABLE users (id int);\n' >migrations/001.sql
printf 'PGDMP\001\016' >app.dump
printf 'TAPE\000\000' >Sales.bak
printf 'ls\n' >.bash_history
printf '{"version": 4, "terraform_version": "1.7.5"}\n' >terraform.tfstate
printf 'git.example.com ssh-ed25519 AAAA\n' >.ssh/known_hosts
printf 'README\n' >README
printf 'PK\003\004' >home-backup.zip
find . -type f -exec touch -d 2026-03-01T09:14:05Z {} +
find . -type f | sed 's|^\./||' | sort >files
tr '\n' '\0' <files | xargs -0 dp-collect scan --detectors \
    "$dir/detectors-examples" | grep '"kind":"file.sensitive"'
echo "status $?"
tr '\n' '\0' <files | xargs -0 dp-collect scan --detectors \
    "$dir/detectors-examples" --sensitive "$dir/sensitive-examples" |
    jq -r '[.file.path, .file.classifier] | @tsv'
tr '\n' '\0' <files | xargs -0 dp-collect scan --detectors \
    "$dir/detectors-examples" --no-sensitive | wc -l
