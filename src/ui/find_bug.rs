//! The page's end of the "Find a bug" worker (`src/bin/find_bug_worker.rs`).
//!
//! A [`Hunt`] is one search in one freshly started Web Worker. The worker's
//! script is fetched only then, so the page's first load does not include
//! the model checker. The hunt sends its request once the worker says it is
//! ready, and hands every later message to a callback, already decoded:
//! anything the page cannot read, and any error inside the worker, arrives
//! as a sentence for the user instead. Dropping the hunt terminates the
//! worker, which stops the search at once and frees its memory; that is how
//! the page cancels a search.
//!
//! Both sides write and read their messages with plain `serde-wasm-bindgen`
//! (`to_value`, `from_value`) as the core's serde types ([`Request`],
//! [`Update`]). Every number in them fits a JavaScript number: the page's
//! model caps its states well below 2^53 (`Model::find_bug`).

use crate::sim::explore::{Model, Request, Update};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

/// The worker's loader, written by Trunk next to the page (`data-loader-shim`
/// on the worker's link in index.html). Relative, so the page works from
/// any sub-path.
pub const WORKER_SCRIPT: &str = "./find-bug-worker_loader.js";

/// What the worker said, or what went wrong, in plain words.
pub type Heard = Result<Update, String>;

/// One search running in its own worker. Drop it to stop the search.
pub struct Hunt {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Hunt {
    /// Start a worker and ask it to search `model`; `on_heard` gets every
    /// update after the worker's "ready", and every failure.
    pub fn start(model: Model, on_heard: Callback<Heard>) -> Result<Hunt, String> {
        let request = serde_wasm_bindgen::to_value(&Request::Search { model })
            .map_err(|e| format!("The search request could not be built ({}).", describe(&e.into())))?;
        let options = WorkerOptions::new();
        // A module worker: the loader imports the wasm-bindgen glue.
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(WORKER_SCRIPT, &options)
            .map_err(|e| format!("This browser could not start the model checker ({}).", describe(&e)))?;
        let on_message = {
            let (worker, on_heard) = (worker.clone(), on_heard.clone());
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| match read_update(e.data()) {
                // Only now does the worker listen; an earlier request
                // would have been lost.
                Ok(Update::Ready) => {
                    if let Err(e) = worker.post_message(&request) {
                        on_heard.emit(Err(format!("The request could not be sent ({}).", describe(&e))));
                    }
                }
                heard => on_heard.emit(heard),
            })
        };
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            // Shown in the page; the console need not report it again.
            e.prevent_default();
            let why = match e.dyn_ref::<ErrorEvent>().map(ErrorEvent::message) {
                Some(message) if !message.is_empty() => format!("The model checker stopped: {message}"),
                _ if e.type_() == "messageerror" => UNREADABLE.to_string(),
                // A script that fails to load gives a bare event.
                _ => "The model checker could not be loaded. Check the connection and try again.".to_string(),
            };
            on_heard.emit(Err(why));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // A message that cannot be deserialised into this thread arrives as
        // a `messageerror`, which the error handler reports too.
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Hunt { worker, _on_message: on_message, _on_error: on_error })
    }
}

impl Drop for Hunt {
    fn drop(&mut self) {
        // Detach first, so nothing already queued reaches a dropped closure.
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}

/// What the page says when a message from the worker makes no sense.
pub const UNREADABLE: &str = "The model checker sent a message the page cannot read, so the search was stopped.";

/// Read a message from the worker as the [`Update`] it should be, or say in
/// plain words why it is not one. Never panics, whatever `value` holds.
pub fn read_update(value: JsValue) -> Result<Update, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| format!("{UNREADABLE} ({})", describe(&e.into())))
}

/// A JavaScript error's message, or its text.
fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "no details".to_string())
}
