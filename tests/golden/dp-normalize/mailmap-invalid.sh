# A --mailmap file that is not UTF-8 is bad configuration: exit 78
# before any input is read.
cd "$T" || exit 99
printf 'Ann <ann@example.com> <ann@old.example>\nRen\351 <rene@example.com>\n' \
    >latin1.mailmap
dp-normalize --mailmap latin1.mailmap
