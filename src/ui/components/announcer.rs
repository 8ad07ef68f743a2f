//! The page's one polite live region: what a screen reader says of the
//! moment shown and of each new notice (see `App`), said once the page
//! has stood still for a moment. Stepping with a held arrow key changed
//! the words twenty times in under a second, and a screen reader queued
//! all twenty to read, long after the reader had stopped where they
//! wanted.

use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long, in ms, the page must stand still before the region speaks:
/// longer than the gap between a held key's repeats, short enough that a
/// single step is heard at once.
pub const SETTLE_MS: u32 = 250;

/// Props of [`Announcer`].
#[derive(Properties, PartialEq)]
pub struct AnnouncerProps {
    /// The news of the moment shown (what its last step did).
    pub news: Rc<String>,
    /// The page's latest notice that is not an error (errors are alerts,
    /// read as they appear), with its number: a notice said again, in the
    /// same words, has a new number and is read again.
    pub notice: Option<(u32, AttrValue)>,
    /// Whether the run plays: then news that comes before the last is
    /// said is added to it, not put in its place (two proposals pressed
    /// quickly were heard as one).
    #[prop_or_default]
    pub gather: bool,
}

/// How long gathered news may grow, in characters, before only the latest
/// is kept: longer, a listener is better told the latest.
const GATHERED: usize = 320;

/// What waits to be said, and what was last said.
#[derive(Default)]
struct Pending {
    /// The news last taken in, to tell new news from a render that
    /// changed something else.
    news: Rc<String>,
    /// The number of the notice last taken in.
    notice: Option<u32>,
    /// Waiting to be said: the latest news, and a new notice.
    words: (Option<Rc<String>>, Option<AttrValue>),
    /// Bumped whenever something new waits, which restarts the wait.
    version: u32,
}

/// The live region, apart from the page so that speaking renders only it.
#[component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    // Said: the words, and a number that makes a repeat a new element.
    // Empty at first, and the notice the page opened with waits to be said
    // like any other: in the region from the start, "This is your run from
    // last time" or why a link could not be opened went unread.
    let said = use_state(|| (0u32, Rc::new(String::new())));
    let pending = use_mut_ref(|| Pending { news: props.news.clone(), ..Pending::default() });
    let version = {
        let mut p = pending.borrow_mut();
        if p.news != props.news {
            p.news = props.news.clone();
            let joined = match &p.words.0 {
                Some(waiting) if props.gather && !waiting.is_empty() && !props.news.is_empty() => {
                    Some(format!("{waiting} {}", props.news)).filter(|j| j.chars().count() <= GATHERED)
                }
                _ => None,
            };
            p.words.0 = Some(joined.map_or_else(|| props.news.clone(), Rc::new));
            p.version += 1;
        }
        if let Some((n, text)) = props.notice.as_ref().filter(|(n, _)| p.notice != Some(*n)) {
            // A notice waits until said, even if the moment moves on
            // first: the wait restarted, and the words it waited with
            // were replaced by the next step's.
            p.notice = Some(*n);
            p.words.1 = Some(text.clone());
            p.version += 1;
        }
        p.version
    };
    {
        let (said, pending) = (said.clone(), pending.clone());
        use_effect_with(version, move |_| {
            // Dropped, and so cancelled, when something new waits first.
            let wait = Timeout::new(SETTLE_MS, move || {
                let (news, notice) = std::mem::take(&mut pending.borrow_mut().words);
                let words = match (news.filter(|n| !n.is_empty()), notice) {
                    // The notice first: it says what the page just did (opened a
                    // scenario, a demo), and the moment's news reads after it.
                    (Some(news), Some(notice)) => format!("{notice} {news}"),
                    (Some(news), None) => (*news).clone(),
                    (None, Some(notice)) => notice.to_string(),
                    (None, None) => return,
                };
                said.set((said.0.wrapping_add(1), Rc::new(words)));
            });
            move || drop(wait)
        });
    }
    html! {
        <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">
            <span key={said.0}>{ (*said.1).clone() }</span>
        </div>
    }
}
