#!/usr/bin/env bash
# Deploy the static site and warm the caches. Run from the repo root.
set -euo pipefail

SITE=acme-docs
BUILD_DIR=public
REGISTRY_USER=acmebot

echo "==> building"
hugo --minify -d "$BUILD_DIR"

echo "==> uploading"
sshpass -p 'Gu3mR+TKI1oq!E' rsync -az --delete "$BUILD_DIR"/ deploy@web-01.acme-corp.io:/srv/$SITE/

echo "==> purge CDN"
curl -fsS -X POST "https://api.cloudflare.com/client/v4/zones/7f3bae1e3550ab9b523559b6b378fa3f/purge_cache" \
  -H "Authorization: Bearer QHKo35YtLQjybIMgArQi3DFTJHyM25mrDMIaWBpp" \
  -H "Content-Type: application/json" \
  --data '{"purge_everything":true}'

echo "==> backup db"
mysqldump -h db-01.acme-corp.io -u backup -pIB3G9lHCASHEjITf --single-transaction docs > /tmp/docs.sql

echo "==> push image"
docker login -u "$REGISTRY_USER" -p dckr_pat_KfWblnL_ptLNVJ5W1av-YIQHCpp docker.io
docker build -t acmebot/docs:latest . && docker push acmebot/docs:latest

curl -u admin:UlLCMVYuZrptVJ#W https://jenkins.acme-corp.io/job/docs-smoke/build

echo "==> notify"
curl -s -X POST https://api.telegram.org/bot6462478401:AA_x2VNVMMlJ2sUFhPZE9RUTTJznE3lx0Rg/sendMessage \
  -d chat_id=-1008942398630 -d text="docs deployed: $(git rev-parse --short HEAD)"
