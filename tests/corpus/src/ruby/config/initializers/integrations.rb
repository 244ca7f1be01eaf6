# frozen_string_literal: true

Stripe.api_key = "sk_live_tA8cbpGQTXSDcNwALnlpSNBL"
Stripe.api_version = "2024-06-20"

Octokit.configure do |c|
  c.access_token = "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"
  c.auto_paginate = true
end

Rails.application.config.x.mailchimp = {
  api_key: "a3393d11052315aa30e28d1a06179570-us20",
  list_id: "36e014ca36"
}

Rails.application.config.x.postmark_token = "fba16971-c117-4614-bd44-3e768a1dbc0d"

Aws.config.update(
  region: "eu-west-1",
  credentials: Aws::Credentials.new("AKIAYWII6RYGOHJL7WAK", "xiojjtt3ou20JdSrMp0w1JRbANog8IK6EquOM//3")
)
