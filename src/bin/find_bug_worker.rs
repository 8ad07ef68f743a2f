//! The "Find a bug" Web Worker: the model checker, off the page's thread.
//!
//! Trunk builds this as its own wasm, which the page loads only when "Find
//! a bug" is pressed, so the playground's first load does not carry the
//! explorer. The worker says `Update::Ready` once it listens, takes one
//! `Request`, searches in slices of `WORKER_SLICE` states, reports
//! `Update::Progress` about every 100 milliseconds and ends with
//! `Update::Done` (or `Update::Failed`); the types are in
//! `paxos_playground::sim::explore`. Messages are `serde-wasm-bindgen`
//! values of those types.
//!
//! The page cancels a search by terminating the worker, which also hands
//! its memory back. A browser ends a worker only when its event loop turns
//! (Chromium forces the matter after two seconds), so the worker lets it
//! turn after every slice: a Cancel lands within a slice, some 20 ms.

#[cfg(target_arch = "wasm32")]
mod worker {
    use paxos_playground::sim::explore::{Budget, Model, Outcome, Request, Search, Update, WORKER_SLICE};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DedicatedWorkerGlobalScope, MessageChannel, MessageEvent};

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
                    Ok(Request::Search { model }) => wasm_bindgen_futures::spawn_local(search(scope.clone(), model)),
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

    /// Let the event loop turn once: a message to ourselves through a
    /// channel arrives as a task of its own, with none of the 4 ms a nested
    /// `setTimeout` waits. If the channel cannot be made, carry on.
    async fn turn(channel: &Option<MessageChannel>) {
        let Some(channel) = channel else { return };
        let arrived = js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::NULL).is_err() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        });
        let _ = JsFuture::from(arrived).await;
    }

    /// Search `model` to the end, reporting as it goes.
    async fn search(scope: DedicatedWorkerGlobalScope, model: Model) {
        let mut search = match Search::new(model.clone()) {
            Ok(search) => search,
            Err(e) => return post(&scope, &Update::Failed { why: e.to_string() }),
        };
        let channel = MessageChannel::new().ok();
        let started = now(&scope);
        let mut reported = started;
        loop {
            let mut progress = search.run(Budget::States(WORKER_SLICE));
            let t = now(&scope);
            // `std` has no clock in wasm: the search's own timer reads zero.
            progress.elapsed_ms = t - started;
            if let Some(report) = search.report() {
                let update = match Outcome::of(&model, progress, report) {
                    Ok(outcome) => Update::Done(outcome),
                    Err(why) => Update::Failed { why: format!("The counterexample could not be replayed: {why}") },
                };
                return post(&scope, &update);
            }
            if t - reported >= REPORT_EVERY_MS {
                post(&scope, &Update::Progress(progress));
                reported = t;
            }
            // Where a Cancel can land.
            turn(&channel).await;
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
