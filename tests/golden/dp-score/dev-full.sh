# a write error on standard output is reported and exits 74
dp-score commits.in > /dev/full
