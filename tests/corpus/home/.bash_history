ls -la
cd ~/src/billing-api
git status
git pull --rebase
npm ci
npm run test -- --watch=false
export AWS_SECRET_ACCESS_KEY=d0K5frvme3wxZsPKdDhzUtaS/QcFoUok7QxBcWTa
aws s3 ls s3://acme-billing-invoices/2025/06/ --profile acme-prod
mysql -h db-01.acme-corp.io -u root -pOCD3roPMRIZmQV
psql "postgresql://analyst:2VTpAF9Ft5ahgbWX3N@warehouse.internal:5432/analytics" -c "select count(*) from events"
curl -H "Authorization: token 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" https://api.github.com/user/repos?per_page=100 | jq '.[].full_name'
git clone https://jdoe:glpat-213JxhYzEbDnirCjc7Wx@gitlab.com/acme/infra.git
kubectl get pods -n payments
kubectl logs -f deploy/payments-api -n payments --since=10m
docker login -u acmebot -p dckr_pat_YES4_3wNLHarKc2HGsq9hwvzru1
htop
vim ~/.zshrc
ssh bastion
terraform plan -var 'db_password=FCeL.xrg4e0V8NGynbVG'
history | grep curl
redis-cli -h cache.internal -a obfMpPND0TfAkmGWQS3DjyKdUgyG info keyspace
http POST https://api.acme-corp.io/v2/login username=jdoe password=hunter2
echo $OPENAI_API_KEY | wc -c
gh auth status
