# Archives made by bsdtar: unsafe names, links, encryption, nesting,
# a compression bomb, the bounds, and archives that cannot be read.
dir=$(pwd)
cd "$T" || exit 99
mkdir -p app/sub || exit 99
printf 'GITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' >app/.env
printf 'DB_PASSWORD=CI3!dXRZv7q*dYdk2r\n' >app/sub/db.ini
ln -s ../../../etc/passwd app/sub/up
ln -s db.ini app/sub/in
head -c 3000000 /dev/zero >zeros
printf 'plain text\n' >plain.txt
stamp() {
	touch -h -d 2026-03-01T09:14:05Z "$@"
}
# entries named one by one: a folder would be read in readdir's order
stamp app app/sub app/.env app/sub/db.ini app/sub/up app/sub/in zeros &&
bsdtar -cf unsafe.tar -s ',^app,../../app,' app/.env app/sub/up &&
bsdtar -cf abs.tar -P -s ',^.*/app/,/etc/app/,' "$T/app/.env" &&
bsdtar --format=zip --options zip:encryption=zipcrypt --passphrase pw \
    -cf enc.zip app/.env app/sub/db.ini &&
bsdtar -cf inner.tar app/.env app/sub/db.ini app/sub/in app/sub/up &&
stamp inner.tar && bsdtar --format=zip -cf outer.zip inner.tar &&
stamp outer.zip && bsdtar -cf deep.tar outer.zip &&
bsdtar -czf inner.tgz app/.env app/sub/db.ini &&
bsdtar -czf bomb.tgz app/sub/db.ini zeros app/.env &&
bsdtar -cf big.tar app/.env app/sub/db.ini zeros &&
head -c 1300 big.tar >cut.tar && stamp cut.tar || exit 99
collect() {
	dp-collect archive --detectors "$dir/../../../rules/secrets" "$@"
	echo "status $?"
}
collect unsafe.tar abs.tar enc.zip
collect deep.tar
collect --max-depth 2 deep.tar
collect bomb.tgz plain.txt missing cut.tar
collect --max-entries 5 --exclude db.ini --exclude /app/sub/in deep.tar
collect --max-total 40 inner.tgz
