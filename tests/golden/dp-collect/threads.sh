# The output is the same bytes whatever the number of threads.
. ./files.inc
dp-collect git --threads 1 app >one || exit
dp-collect git --threads 2 app >two || exit
dp-collect git --threads 3 app >three || exit
cmp one two && cmp one three && wc -l <one
