//! Bare axum "hello world", the baseline the benchmark compares the app against.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3200".to_owned());
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, world!" }));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    axum::serve(listener, app).await
}
