//! The "Find a bug" Web Worker: the model checker, off the page's thread.
//!
//! Trunk builds this as its own wasm, which the page loads only when "Find
//! a bug" is pressed, so the playground's first load does not carry the
//! explorer. The worker says `Update::Ready` once it listens, takes one
//! `Request`, searches in slices of `WORKER_SLICE` states, reports
//! `Update::Progress` about every 100 milliseconds and ends with
//! `Update::Done` (or `Update::Failed`); the types are in
//! `paxos_playground::sim::explore`. It never yields
//! between slices: the page cancels a search by terminating the worker,
//! which stops it at once and hands its memory back, where a cooperative
//! stop would leave the wasm memory at its peak. Messages are
//! `serde-wasm-bindgen` values of the core's types.

#[cfg(target_arch = "wasm32")]
mod worker {
    use paxos_playground::sim::explore::{Budget, Model, Outcome, Request, Search, Update, WORKER_SLICE};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// How often the worker reports progress, in milliseconds.
    const REPORT_EVERY_MS: f64 = 100.0;

    /// Send `update` to the page. A value that cannot be built or sent is
    /// dropped: the page notices a search that never ends and can cancel it.
    fn post(scope: &DedicatedWorkerGlobalScope, update: &Update) {
        if let Ok(value) = serde_wasm_bindgen::to_value(update) {
            let _ = scope.post_message(&value);
        }
    }

    /// Milliseconds on the worker's clock (zero if it has none).
    fn now(scope: &DedicatedWorkerGlobalScope) -> f64 {
        scope.performance().map_or(0.0, |p| p.now())
    }

    /// Listen for requests, then tell the page so: messages sent before
    /// the wasm is running would be lost.
    pub fn start() {
        console_error_panic_hook::set_once();
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let listener = {
            let scope = scope.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                match serde_wasm_bindgen::from_value::<Request>(e.data()) {
                    Ok(Request::Search { model }) => search(&scope, model),
                    Err(e) => post(
                        &scope,
                        &Update::Failed { why: format!("The model checker could not read the page's request ({e}).") },
                    ),
                }
            })
        };
        scope.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        // The worker listens for as long as it lives.
        listener.forget();
        post(&scope, &Update::Ready);
    }

    /// Search `model` to the end, reporting as it goes.
    fn search(scope: &DedicatedWorkerGlobalScope, model: Model) {
        let mut search = match Search::new(model.clone()) {
            Ok(search) => search,
            Err(e) => return post(scope, &Update::Failed { why: e.to_string() }),
        };
        let started = now(scope);
        let mut reported = started;
        loop {
            let mut progress = search.run(Budget::States(WORKER_SLICE));
            let t = now(scope);
            // `std` has no clock in wasm: the search's own timer reads zero.
            progress.elapsed_ms = t - started;
            if let Some(report) = search.report() {
                let update = match Outcome::of(&model, progress, report) {
                    Ok(outcome) => Update::Done(outcome),
                    Err(why) => Update::Failed { why: format!("The counterexample could not be replayed: {why}") },
                };
                return post(scope, &update);
            }
            if t - reported >= REPORT_EVERY_MS {
                post(scope, &Update::Progress(progress));
                reported = t;
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "This is the playground's model-checker Web Worker; Trunk builds it for the page. \
         To run the same search natively: cargo run --release --example find_bug"
    );
}
