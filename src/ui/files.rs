//! Files in and out of the page: saving text through the browser's
//! download, and reading a file the user picked.

use crate::sim::runfile::FileError;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Offer `text` as a download called `name`, of type `mime`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = gloo::utils::document().create_element("a") {
        let a: HtmlElement = a.unchecked_into();
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        a.click();
    }
    // Chromium has read the blob by the time `click` returns; other
    // browsers may start the download later and fail it if the address is
    // already gone, so it is let go a minute on.
    gloo::timers::callback::Timeout::new(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The text of `file`, unless it is larger than `max` bytes (said without
/// reading it) or the browser cannot read it.
pub async fn read(file: web_sys::File, max: usize) -> Result<String, FileError> {
    let size = file.size() as usize;
    if size > max {
        return Err(FileError::TooLarge(size));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| FileError::Unreadable)?;
    text.as_string().ok_or(FileError::Unreadable)
}
