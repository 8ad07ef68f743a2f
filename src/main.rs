//! Entry point: mounts the playground in the page.

#[cfg(target_arch = "wasm32")]
fn main() {
    paxos_playground::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in a browser: build it with `trunk serve` (see README.md).");
}
