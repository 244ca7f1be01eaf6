terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.50"
    }
    datadog = {
      source  = "DataDog/datadog"
      version = "3.39.0"
    }
  }
  backend "s3" {
    bucket = "acme-terraform-state"
    key    = "network/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAPRSKD4IC52YYLZDT"
  secret_key = "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"
}

provider "datadog" {
  api_key = "a68a2cac479d782dc0a14219a96097ea"
  app_key = "d6d5caf523d055fae783a68c1e5bbda429938cff"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.r6g.large"
  allocated_storage   = 100
  username            = "orders"
  password            = var.db_password
  skip_final_snapshot = false
  kms_key_id          = "arn:aws:kms:eu-west-1:588097868697:key/60ed111a-6e9c-4805-8b52-54dec9f2852e"
}

resource "aws_iam_access_key" "ci" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:acme_ci"
}

resource "aws_security_group" "db" {
  name   = "orders-db"
  vpc_id = "vpc-6aad985908751b6ac"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}
