variable "db_password" {
  description = "Master password of the orders database"
  type        = string
  sensitive   = true
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "github_token" {
  description = "Token for the GitHub provider; set TF_VAR_github_token"
  type        = string
  sensitive   = true
  default     = ""
}
