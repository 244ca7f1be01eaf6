environment  = "prod"
db_password  = "s*BHUK%k+gwW!e+p2fZV4VNS"
github_token = "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"
allowed_cidrs = ["10.0.0.0/16", "192.168.10.0/24"]
