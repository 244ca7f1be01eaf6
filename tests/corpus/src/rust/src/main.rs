use std::env;

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde::Deserialize;

const NOTION_TOKEN: &str = "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";
const DATABASE_ID: &str = "37442ca7eb37f38e26b1a96d4b118b5d";

#[derive(Deserialize, Debug)]
struct Page {
    id: String,
    url: String,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Bearer {}", NOTION_TOKEN))?);
    headers.insert("Notion-Version", HeaderValue::from_static("2022-06-28"));
    let client = reqwest::Client::builder().default_headers(headers).build()?;
    let url = format!("https://api.notion.com/v1/databases/{}/query", DATABASE_ID);
    let pages: serde_json::Value = client.post(url).send().await?.json().await?;
    let debug = env::var("DEBUG").is_ok();
    if debug {
        println!("{:#}", pages);
    }
    Ok(())
}
