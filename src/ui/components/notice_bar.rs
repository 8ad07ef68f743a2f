//! A dismissible message at the top: why an input was refused, or which
//! address parameters were ignored.

use crate::ui::model::{Msg, Notice};
use yew::prelude::*;

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// The notice.
    pub notice: Notice,
    /// Where the dismissal goes.
    pub on_action: Callback<Msg>,
}

/// The notice bar.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let dismiss = {
        let a = props.on_action.clone();
        Callback::from(move |_: MouseEvent| a.emit(Msg::Dismiss))
    };
    html! {
        <div class={classes!("notice", if props.notice.error { "notice--error" } else { "notice--info" })}
            role={if props.notice.error { "alert" } else { "status" }}>
            <p class="notice__text" data-testid="notice">{ &props.notice.text }</p>
            <button class="button button--ghost" aria-label="Dismiss message" onclick={dismiss}>{ "✕" }</button>
        </div>
    }
}
